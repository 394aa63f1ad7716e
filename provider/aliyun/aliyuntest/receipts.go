package aliyuntest

import "time"

// deliveredCode is the ErrCode of a delivered message.
const deliveredCode = "DELIVERED"

// DefaultFailureCode is the ErrCode of a failed receipt whose Receipt.ErrCode
// is empty.
const DefaultFailureCode = "UNDELIV"

// Receipt is the fate of an accepted message: which receipt arrives and how
// long after acceptance. Options.Receipt decides it once per message, at
// acceptance; the status then changes when the emulator's clock reaches
// SendTime + Delay, so tests advance their clock instead of sleeping.
type Receipt struct {
	// Delay is how long after acceptance the receipt arrives, on the
	// emulator's clock. Zero makes the outcome visible immediately.
	Delay time.Duration
	// Failed reports failure instead of delivery.
	Failed bool
	// ErrCode is the failure code, e.g. "MK:0001" or "IC:0015"; empty means
	// DefaultFailureCode. Delivered messages always report "DELIVERED".
	ErrCode string
}

// DeliverAfter returns an Options.Receipt policy that delivers every message
// delay after it was accepted.
func DeliverAfter(delay time.Duration) func(Message) Receipt {
	return func(Message) Receipt { return Receipt{Delay: delay} }
}

// stored is an accepted message with its decided receipt.
type stored struct {
	msg     Message
	key     string // phone.key of the number
	receipt Receipt
}

// at returns a copy of the message as it stands at now.
func (s *stored) at(now time.Time) Message {
	m := s.msg.clone()
	arrives := m.SendTime.Add(s.receipt.Delay)
	switch {
	case now.Before(arrives):
		m.Status = StatusWaiting
	case s.receipt.Failed:
		m.Status, m.ReceiveTime, m.ErrCode = StatusFailed, arrives, s.receipt.ErrCode
		if m.ErrCode == "" {
			m.ErrCode = DefaultFailureCode
		}
	default:
		m.Status, m.ReceiveTime, m.ErrCode = StatusDelivered, arrives, deliveredCode
	}
	return m
}
