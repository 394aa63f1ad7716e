package twilio_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/twilio"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

// endless produces prefix followed by n bytes of 'a', without allocating
// them.
type endless struct {
	prefix string
	n      int
}

func (e *endless) Read(p []byte) (int, error) {
	if e.prefix != "" {
		k := copy(p, e.prefix)
		e.prefix = e.prefix[k:]
		return k, nil
	}
	if e.n == 0 {
		return 0, io.EOF
	}
	k := min(len(p), e.n)
	for i := range k {
		p[i] = 'a'
	}
	e.n -= k
	return k, nil
}

// allocatedBy returns the bytes allocated while f runs.
func allocatedBy(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestHugeAnswerIsReadThroughALimit: a 64 MB answer makes a send allocate
// little more than MaxAnswerBytes (it made one allocate hundreds of MB),
// and is no success and no "not accepted".
func TestHugeAnswerIsReadThroughALimit(t *testing.T) {
	const size = 64 << 20
	tests := []struct {
		name   string
		status int
		prefix string
	}{
		{"created", 201, `{"sid":"SM00000000000000000000000000000001","body":"`},
		{"refused", 400, `{"code":21211,"status":400,"message":"`},
		{"gateway", 502, `<html>`},
		{"redirect", 302, `{"sid":"SM00000000000000000000000000000001","body":"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			transport := roundTripFunc(func(*http.Request) (*http.Response, error) {
				return &http.Response{StatusCode: tt.status, Header: http.Header{}, ContentLength: -1,
					Body: io.NopCloser(&endless{prefix: tt.prefix, n: size})}, nil
			})
			s := newSender(t, twilio.Options{AccountSID: twiliotest.TestAccountSID, AuthToken: twiliotest.TestAuthToken,
				From: twiliotest.TestFrom, Transport: transport})
			_, _ = s.Send(context.Background(), sms.Message{To: recipient, Body: "hi"}) // first-use costs
			var err error
			allocated := allocatedBy(func() {
				_, err = s.Send(context.Background(), sms.Message{To: recipient, Body: "hi"})
			})
			require.Error(t, err)
			assert.False(t, sms.IsNotAccepted(err), "a cut answer may have come after the message was created")
			assert.Equal(t, sms.Unknown, sms.CodeOf(err))
			// Reading through the limit grows a buffer to MaxAnswerBytes
			// (about twice that allocated in all); a send costs a few KB
			// more. Reading the whole answer allocated 256-380 MB.
			assert.Less(t, allocated, uint64(8*twilio.MaxAnswerBytes), "allocated %d bytes", allocated)
			t.Logf("allocated %d bytes for a %d MB answer", allocated, size>>20)
		})
	}
}

// TestAnswerAtTheLimit: an answer of MaxAnswerBytes is read whole.
func TestAnswerAtTheLimit(t *testing.T) {
	prefix := `{"sid":"SM00000000000000000000000000000001","body":"`
	body := prefix + strings.Repeat("a", twilio.MaxAnswerBytes-len(prefix)-2) + `"}`
	require.Len(t, body, twilio.MaxAnswerBytes)
	for _, length := range []int64{-1, int64(len(body))} {
		transport := roundTripFunc(func(*http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 201, Header: http.Header{}, ContentLength: length,
				Body: io.NopCloser(strings.NewReader(body))}, nil
		})
		s := newSender(t, twilio.Options{AccountSID: twiliotest.TestAccountSID, AuthToken: twiliotest.TestAuthToken,
			From: twiliotest.TestFrom, Transport: transport})
		res, err := s.Send(context.Background(), sms.Message{To: recipient, Body: "hi"})
		require.NoError(t, err)
		assert.Equal(t, "SM00000000000000000000000000000001", res.MessageID)
	}
}

// TestHugeHeaderRefusedByTheOwnTransport: the Sender's own transport reads
// at most MaxAnswerBytes of an answer's header.
func TestHugeHeaderRefusedByTheOwnTransport(t *testing.T) {
	h := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Big", strings.Repeat("a", 2*twilio.MaxAnswerBytes))
		w.WriteHeader(201)
		_, _ = io.WriteString(w, `{"sid":"SM00000000000000000000000000000001"}`)
	}))
	t.Cleanup(h.Close)
	s := newSender(t, twilio.Options{AccountSID: twiliotest.TestAccountSID, AuthToken: twiliotest.TestAuthToken,
		From: twiliotest.TestFrom, Endpoint: h.URL})
	t.Cleanup(s.CloseIdleConnections)
	_, err := s.Send(context.Background(), sms.Message{To: recipient, Body: "hi"})
	require.Error(t, err)
	assert.False(t, sms.IsNotAccepted(err), "the request was written")
	assert.ErrorContains(t, err, "the connection failed while the request was in flight")
}
