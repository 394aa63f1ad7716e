package fake

import (
	"context"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/senderkit"
)

// Status implements sms.StatusChecker, so that an application's status
// polling can be tested: a message the Sender accepted is StateDelivered,
// sent and done at its Record's Time, unless StatusWhen says otherwise; any
// other MessageID, or a q.To (any format) that is not the message's
// recipient, is StateNotFound, as a provider answers. A nil or ended ctx and
// an empty MessageID are errors, not accepted, naming the Sender's provider.
func (s *Sender) Status(ctx context.Context, q sms.StatusQuery) (sms.Status, error) {
	if err := senderkit.CheckContext(ctx, s.base.Provider); err != nil {
		return sms.Status{}, err
	}
	if q.MessageID == "" {
		return sms.Status{}, senderkit.Own(&sms.Error{Code: sms.InvalidArgument, NotAccepted: true,
			Message: "status query without a message id"}, s.base.Provider)
	}
	notFound := sms.Status{State: sms.StateNotFound, Provider: s.base.Provider, MessageID: q.MessageID}
	r, ok := s.byMessageID(q.MessageID)
	if !ok || (q.To != "" && senderkit.E164(q.To, s.base.Region) != r.Message.To) {
		return notFound, nil
	}
	if fn := s.statusFn.Load(); fn != nil {
		st, err := (*fn)(r)
		if err != nil {
			return sms.Status{}, senderkit.Adopt(err, s.base.Provider, "", sms.Error{Code: sms.CodeOf(err), Message: "scripted status failure"})
		}
		if st.Provider == "" {
			st.Provider = s.base.Provider
		}
		if st.MessageID == "" {
			st.MessageID = q.MessageID
		}
		return st, nil
	}
	return sms.Status{State: sms.StateDelivered, Provider: s.base.Provider, MessageID: q.MessageID,
		SentAt: r.Time, DoneAt: r.Time}, nil
}

// StatusWhen makes fn answer Status for each accepted message asked about,
// instead of "delivered": a test of status polling returns StatePending a few
// times, then StateDelivered or StateFailed. fn gets a copy of the message's
// Record; an empty Provider or MessageID in its answer is filled in; an
// error is returned as FailNext describes. fn may be called from many
// goroutines at once. StatusWhen(nil) restores the default.
func (s *Sender) StatusWhen(fn func(Record) (sms.Status, error)) {
	if fn == nil {
		s.statusFn.Store(nil)
		return
	}
	s.statusFn.Store(&fn)
}

// byMessageID returns a copy of the accepted record with id, if any.
func (s *Sender) byMessageID(id string) (Record, bool) {
	seq, ok := s.base.IDs.MessageSeq(id)
	if !ok {
		return Record{}, false
	}
	v, _ := s.view()
	for _, sv := range v {
		if e, ok := sv.find(seq); ok && e.accepted() {
			return s.record(e), true
		}
	}
	return Record{}, false
}
