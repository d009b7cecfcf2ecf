"""Federal preemption scenarios: what a national standard would remove, keep and add."""
