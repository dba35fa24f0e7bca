"""The bottom floor: text helpers every app may use (HTML tokens, sections, reading levels); imports no app."""
