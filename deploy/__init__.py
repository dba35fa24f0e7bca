"""What runs in front of the app: the nginx configuration (nginx/) and the code that starts it here (proxy.py)."""
