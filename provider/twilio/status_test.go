package twilio_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/testclock"
	"github.com/smskit/sms/provider/twilio"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

func TestStatus(t *testing.T) {
	created := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		outcome   twiliotest.Outcome
		service   bool
		after     time.Duration
		wantState sms.DeliveryState
		wantCode  string
		wantSent  bool
		wantDone  time.Time
	}{
		{name: "queued", outcome: twiliotest.Outcome{Status: "delivered"}, wantState: sms.StatePending, wantCode: "queued"},
		{name: "accepted by a service", service: true, outcome: twiliotest.Outcome{Status: "delivered"}, wantState: sms.StatePending, wantCode: "accepted"},
		{name: "sent", outcome: twiliotest.Outcome{Status: "delivered"}, after: time.Second, wantState: sms.StatePending, wantCode: "sent", wantSent: true},
		{name: "delivered", outcome: twiliotest.Outcome{Status: "delivered"}, after: time.Minute, wantState: sms.StateDelivered, wantCode: "delivered", wantSent: true,
			wantDone: created.Add(5 * time.Second)},
		{name: "undelivered", outcome: twiliotest.Outcome{Status: "undelivered", ErrorCode: 30003}, after: time.Minute, wantState: sms.StateFailed, wantCode: "30003", wantSent: true,
			wantDone: created.Add(5 * time.Second)},
		{name: "failed", outcome: twiliotest.Outcome{Status: "failed", ErrorCode: 30008}, after: time.Minute, wantState: sms.StateFailed, wantCode: "30008", wantSent: true,
			wantDone: created.Add(5 * time.Second)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := testclock.New(created)
			srv := newServer(t, twiliotest.Options{
				Now:            clk.Now,
				SentAfter:      time.Second,
				DeliveredAfter: 4 * time.Second,
				Outcome:        func(string) twiliotest.Outcome { return tt.outcome },
			})
			opts := baseOptions(srv)
			if tt.service {
				opts.From, opts.MessagingServiceSID = "", twiliotest.TestMessagingServiceSID
			}
			s := newSender(t, opts)
			res, err := s.Send(context.Background(), loginMessage(recipient))
			require.NoError(t, err)
			clk.Advance(tt.after)

			var checker sms.StatusChecker = s
			st, err := checker.Status(context.Background(), sms.StatusQuery{MessageID: res.MessageID, To: recipient})
			require.NoError(t, err)
			assert.Equal(t, tt.wantState, st.State)
			assert.Equal(t, tt.wantCode, st.ProviderCode)
			assert.Equal(t, "twilio", st.Provider)
			assert.Equal(t, res.MessageID, st.MessageID)
			assert.Equal(t, tt.wantSent, !st.SentAt.IsZero())
			if tt.wantSent {
				assert.True(t, st.SentAt.Equal(created.Add(time.Second)), "%v", st.SentAt)
			}
			assert.True(t, st.DoneAt.Equal(tt.wantDone), "DoneAt %v, want %v", st.DoneAt, tt.wantDone)
		})
	}
}

func TestStatusFailures(t *testing.T) {
	srv := newServer(t, twiliotest.Options{})
	s := newSender(t, baseOptions(srv))

	st, err := s.Status(context.Background(), sms.StatusQuery{MessageID: "SM99999999999999999999999999999999"})
	require.NoError(t, err)
	assert.Equal(t, sms.StateNotFound, st.State)

	_, err = s.Status(context.Background(), sms.StatusQuery{MessageID: "not-a-sid"})
	assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
	assert.Contains(t, err.Error(), `message id must be "SM" or "MM" and 32 hexadecimal digits`,
		"the text names every prefix the check accepts")

	st, err = s.Status(context.Background(), sms.StatusQuery{MessageID: "MM99999999999999999999999999999999"})
	require.NoError(t, err, "an MMS id is accepted")
	assert.Equal(t, sms.StateNotFound, st.State)

	srv.QueueFault(twiliotest.Fault{Status: 503})
	_, err = s.Status(context.Background(), sms.StatusQuery{MessageID: "SM99999999999999999999999999999999"})
	assert.Equal(t, sms.Unavailable, sms.CodeOf(err))

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = s.Status(ctx, sms.StatusQuery{MessageID: "SM99999999999999999999999999999999"})
	assert.Equal(t, sms.Canceled, sms.CodeOf(err))
}

// TestStatusAnswersThatAreNotTwilios: only Twilio's 20404 means "not
// found", and only the Message asked for is a status.
func TestStatusAnswersThatAreNotTwilios(t *testing.T) {
	const sid = "SM00000000000000000000000000000001"
	tests := []struct {
		name      string
		status    int
		body      string
		wantState sms.DeliveryState
		wantErr   bool
		wantCode  string
	}{
		{"Twilio's 404", 404, `{"code":20404,"message":"not found","status":404}`, sms.StateNotFound, false, ""},
		{"a proxy's 404 page", 404, `<html>Not Found</html>`, 0, true, ""},
		{"another message", 200, `{"sid":"SM00000000000000000000000000000002","status":"delivered"}`, 0, true, ""},
		{"a 302 with the message", 302, `{"sid":"` + sid + `","status":"delivered"}`, 0, true, ""},
		{"an undocumented status", 200, `{"sid":"` + sid + `","status":"+14155552671"}`, sms.StateUnknown, false, ""},
		{"an error code that is no code", 200, `{"sid":"` + sid + `","status":"failed","error_code":4155552671}`, sms.StateFailed, false, "failed"},
		{"the message", 200, `{"sid":"` + sid + `","status":"undelivered","error_code":30003}`, sms.StateFailed, false, "30003"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := baseOptions(nil)
			opts.Transport = answeringTransport(tt.status, tt.body)
			st, err := newSender(t, opts).Status(context.Background(), sms.StatusQuery{MessageID: sid})
			if tt.wantErr {
				require.Error(t, err)
				assert.ErrorIs(t, err, twilio.ErrUnexpectedAnswer)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantState, st.State)
			assert.Equal(t, tt.wantCode, st.ProviderCode)
		})
	}
}
