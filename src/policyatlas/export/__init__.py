"""Export controls: US EAR classification and licensing of AI chips, China's MOFCOM controls."""
