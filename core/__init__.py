"""The bottom floor: helpers every app may use (HTML tokens, sections, reading levels, rate limits); imports no app."""
