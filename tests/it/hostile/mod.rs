mod durations;
mod simulate;
