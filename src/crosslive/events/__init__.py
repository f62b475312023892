"""A show's event log: what happened in the live room (chat messages, pins, credential pushes,
show state, counters, stage changes), kept in order with resumable ids and fanned out to every
connected viewer, across app processes when a broker is configured."""
