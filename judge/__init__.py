"""judge: a live-coding exercise judge."""
