"""Every write to plans and yearly progress goes through a function in this package."""
