package bulk

import "github.com/smskit/sms"

// Outcome is what became of one recipient.
type Outcome int

// The outcomes. The zero Outcome is None: no outcome yet.
const (
	// None is no outcome: the recipient was not sent to (yet).
	None Outcome = iota
	// Accepted is a message the provider accepted.
	Accepted
	// NotAccepted is a message the provider definitely did not accept:
	// refused by a check before any call, or failed before acceptance.
	NotAccepted
	// PossiblyAccepted is a message that may have been accepted: a call
	// that failed in a way that does not say (an answer lost on the way
	// back), or a call the journal saw start but not end (a crash). It is
	// never sent again; see ToReconcile.
	PossiblyAccepted
	// Skipped is a recipient the journal already had an entry for.
	Skipped
)

var outcomeNames = [...]string{
	None:             "none",
	Accepted:         "accepted",
	NotAccepted:      "not_accepted",
	PossiblyAccepted: "possibly_accepted",
	Skipped:          "skipped",
}

// String returns the outcome's name as the journal writes it, such as
// "possibly_accepted".
func (o Outcome) String() string {
	if o >= 0 && int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return "outcome(?)"
}

// outcomeOf classifies one send's error.
func outcomeOf(err error) Outcome {
	switch {
	case err == nil:
		return Accepted
	case sms.IsNotAccepted(err):
		return NotAccepted
	}
	return PossiblyAccepted
}
