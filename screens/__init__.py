"""Qt widgets: draw state, turn taps into calls. No I/O."""
