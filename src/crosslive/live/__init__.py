"""The live room: viewer page, host console, embed, pins, credential pushes, counters."""
