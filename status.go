package sms

import (
	"context"
	"strconv"
	"time"
)

// StatusChecker is the optional capability of a Sender that can tell what
// became of a message it sent. Find it with a type assertion, as io.WriterTo
// is found on an io.Reader:
//
//	if sc, ok := sender.(sms.StatusChecker); ok {
//		st, err := sc.Status(ctx, sms.StatusQuery{MessageID: res.MessageID, To: msg.To})
//		...
//	}
//
// A wrapping middleware hides the capability unless it forwards it; ask the
// provider's Sender itself.
type StatusChecker interface {
	// Status asks the provider for the delivery state of one sent message.
	// Failures are *Error values, like Send's.
	Status(ctx context.Context, q StatusQuery) (Status, error)
}

// StatusQuery names one sent message.
type StatusQuery struct {
	// Provider is the provider that sent the message, Result.Provider. A
	// router asks that target; a provider ignores it.
	Provider string
	// MessageID is Result.MessageID of the message (Aliyun BizId, Twilio
	// SID).
	MessageID string
	// To is the recipient the message was sent to, in E.164. Aliyun needs it;
	// others may ignore it.
	To string
	// SentAt is roughly when the message was sent; Aliyun searches by day.
	// Zero means today.
	SentAt time.Time
}

// Status is a provider's answer about one sent message. Its String never
// prints the recipient.
type Status struct {
	// State is where the message is in its delivery.
	State DeliveryState
	// Provider names the provider that answered ("aliyun").
	Provider string
	// MessageID is the message's id at the provider.
	MessageID string
	// ProviderCode is the provider's raw delivery code, such as Aliyun's
	// "DELIVERED" or a carrier error; empty when the provider gives none.
	ProviderCode string
	// SentAt is when the provider sent the message on, when known.
	SentAt time.Time
	// DoneAt is when the message reached its final state (delivered or
	// failed) according to the provider; zero while it is pending.
	DoneAt time.Time
}

// String describes s, such as "delivered (DELIVERED)".
func (s Status) String() string {
	if s.ProviderCode == "" {
		return s.State.String()
	}
	return s.State.String() + " (" + s.ProviderCode + ")"
}

// DeliveryState is where a sent message is in its delivery. The zero value is
// StateUnknown.
type DeliveryState int

// The delivery states. Twilio's queued and sent are StatePending, its
// undelivered and failed are StateFailed.
const (
	// StateUnknown means the provider's answer could not be understood.
	StateUnknown DeliveryState = iota
	// StatePending means the message is on its way: no final receipt yet.
	StatePending
	// StateDelivered means the carrier reported the message delivered.
	StateDelivered
	// StateFailed means the message will not be delivered; see
	// Status.ProviderCode for why.
	StateFailed
	// StateNotFound means the provider has no record of the message, or not
	// yet: receipts may lag behind the send.
	StateNotFound
)

var stateNames = [...]string{
	StateUnknown:   "unknown",
	StatePending:   "pending",
	StateDelivered: "delivered",
	StateFailed:    "failed",
	StateNotFound:  "not found",
}

// String returns the state's name in lower case, such as "delivered".
func (s DeliveryState) String() string {
	if s >= 0 && int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "state(" + strconv.Itoa(int(s)) + ")"
}

// Final reports whether the state will not change any more: delivered or
// failed.
func (s DeliveryState) Final() bool {
	return s == StateDelivered || s == StateFailed
}
