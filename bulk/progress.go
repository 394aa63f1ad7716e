package bulk

import "time"

// Progress is a run's state, reported to Options.Progress and returned by
// Send as the run's summary.
type Progress struct {
	// Accepted, NotAccepted and PossiblyAccepted count this run's
	// recipients by outcome; Skipped counts those the journal already had.
	Accepted, NotAccepted, PossiblyAccepted, Skipped int64
	// Calls counts the calls made: Send calls, or SendBatch calls of at
	// most the batch size.
	Calls int64
	// Total is Options.Total: the expected number of recipients, or zero
	// when unknown.
	Total int64
	// Elapsed is the time since the run started, on Options.Now.
	Elapsed time.Duration
	// Done is true on the last report, when the run is over.
	Done bool
}

// Sent returns the recipients this run has an outcome for (skipped ones
// excluded).
func (p Progress) Sent() int64 { return p.Accepted + p.NotAccepted + p.PossiblyAccepted }

// Rate returns recipients with an outcome per second so far.
func (p Progress) Rate() float64 {
	if p.Elapsed <= 0 {
		return 0
	}
	return float64(p.Sent()) / p.Elapsed.Seconds()
}

// CallRate returns calls per second so far.
func (p Progress) CallRate() float64 {
	if p.Elapsed <= 0 {
		return 0
	}
	return float64(p.Calls) / p.Elapsed.Seconds()
}

// ETA estimates the time left from Total and the rate so far; it is zero
// when Total is unknown or nothing was sent yet.
func (p Progress) ETA() time.Duration {
	left := p.Total - p.Sent() - p.Skipped
	r := p.Rate()
	if p.Total <= 0 || left <= 0 || r <= 0 {
		return 0
	}
	return time.Duration(float64(left) / r * float64(time.Second))
}
