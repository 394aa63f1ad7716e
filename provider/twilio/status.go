package twilio

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"time"

	openapi "github.com/twilio/twilio-go/rest/api/v2010"

	"github.com/smskit/sms"
)

var messageSIDPattern = regexp.MustCompile(`^(SM|MM)[0-9a-fA-F]{32}$`)

// states maps Twilio's message statuses to delivery states.
var states = map[string]sms.DeliveryState{
	"accepted":    sms.StatePending,
	"scheduled":   sms.StatePending,
	"queued":      sms.StatePending,
	"sending":     sms.StatePending,
	"sent":        sms.StatePending,
	"delivered":   sms.StateDelivered,
	"read":        sms.StateDelivered,
	"undelivered": sms.StateFailed,
	"failed":      sms.StateFailed,
	"canceled":    sms.StateFailed,
}

// Status implements sms.StatusChecker: it fetches the message q.MessageID
// (q.To and q.SentAt are not needed) and maps Twilio's status: accepted,
// scheduled, queued, sending and sent are pending, delivered (and read) is
// delivered, undelivered, failed and canceled are failed. ProviderCode is
// Twilio's delivery error code ("30003") when there is one, and its raw
// status otherwise. A message Twilio does not know is StateNotFound.
func (s *Sender) Status(ctx context.Context, q sms.StatusQuery) (sms.Status, error) {
	if err := ctx.Err(); err != nil {
		return sms.Status{}, contextError(err, true)
	}
	if !messageSIDPattern.MatchString(q.MessageID) {
		return sms.Status{}, &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Provider: Name,
			Message: `message id must be "SM" or "MM" and 32 hexadecimal digits`}
	}
	if s.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.timeout)
		defer cancel()
	}
	c, api := s.newCall(ctx)
	m, err := api.FetchMessage(q.MessageID, nil)
	c.finish()
	if c.status == http.StatusNotFound {
		return sms.Status{State: sms.StateNotFound, Provider: Name, MessageID: q.MessageID}, nil
	}
	if err != nil {
		return sms.Status{}, s.classify(ctx, c, err, s.secretsOf("", "", nil))
	}
	return toStatus(q.MessageID, m), nil
}

// toStatus maps a fetched message to a Status.
func toStatus(sid string, m *openapi.ApiV2010Message) sms.Status {
	st := sms.Status{Provider: Name, MessageID: sid}
	if m.Status != nil {
		st.State = states[*m.Status]
		st.ProviderCode = *m.Status
	}
	if m.ErrorCode != nil && *m.ErrorCode != 0 {
		st.ProviderCode = strconv.Itoa(*m.ErrorCode)
	}
	st.SentAt = parseDate(m.DateSent)
	if st.State.Final() {
		st.DoneAt = parseDate(m.DateUpdated)
	}
	return st
}

// parseDate parses one of Twilio's RFC 2822 dates, or returns zero.
func parseDate(s *string) time.Time {
	if s == nil {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC1123Z, *s)
	if err != nil {
		return time.Time{}
	}
	return t
}
