package twilio_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twilio/twilio-go/client"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/twilio"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

// The request data of leakMessage, as a server or transport might echo it.
const (
	leakParam    = "493817"
	leakBody     = "Your login code is " + leakParam + "."
	leakNational = "4155552671"
)

func leakMessage() sms.Message {
	return sms.Message{To: recipient, Template: "login_code", Params: map[string]string{"code": leakParam}}
}

// leakSecrets are the strings no link of an error chain may show.
func leakSecrets() []string {
	basic := base64.StdEncoding.EncodeToString([]byte(twiliotest.TestAccountSID + ":" + twiliotest.TestAuthToken))
	return []string{recipient, recipient[1:], leakNational, twiliotest.TestAuthToken, basic, leakParam, leakBody,
		url.QueryEscape(leakBody)}
}

// leakText is what an indiscreet server or proxy says about the request.
func leakText() string {
	basic := base64.StdEncoding.EncodeToString([]byte(twiliotest.TestAccountSID + ":" + twiliotest.TestAuthToken))
	return fmt.Sprintf("The 'To' number %s (%s) is not valid; Body=%s %s; Authorization: Basic %s; token %s",
		recipient, leakNational, url.QueryEscape(leakBody), leakBody, basic, twiliotest.TestAuthToken)
}

// leakyAnswer is a JSON error answer quoting the request in its message,
// details and more_info.
func leakyAnswer(status, code int) twiliotest.Fault {
	quoted := strconv.Quote(leakText())
	return twiliotest.Fault{Status: status, RawBody: fmt.Sprintf(
		`{"code":%d,"status":%d,"message":%s,"details":{"to":%q,"body":%q},"more_info":"https://example.com/?To=%s"}`,
		code, status, quoted, recipient, leakBody, url.QueryEscape(recipient))}
}

// chainLeaks walks err's chain through Unwrap() error and Unwrap() []error
// and returns a description of each link whose Error(), %v, %+v or %#v
// shows one of secrets.
func chainLeaks(err error, secrets []string) []string {
	var leaks []string
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		for _, verb := range []string{"Error()", "%v", "%+v", "%#v"} {
			text := ""
			if verb == "Error()" {
				text = e.Error()
			} else {
				text = fmt.Sprintf(verb, e)
			}
			for _, s := range secrets {
				if strings.Contains(text, s) {
					leaks = append(leaks, fmt.Sprintf("%T %s shows %q: %s", e, verb, s, text))
				}
			}
		}
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				walk(inner)
			}
		}
	}
	walk(err)
	return leaks
}

// hiddenField is an error whose text is clean but whose %#v is not.
type hiddenField struct{ to string }

func (hiddenField) Error() string { return "clean" }

func TestChainLeaksRejectsLeaks(t *testing.T) {
	secrets := []string{recipient}
	assert.Empty(t, chainLeaks(errors.New("clean"), secrets))
	assert.Empty(t, chainLeaks(nil, secrets))
	for name, err := range map[string]error{
		"top":               errors.New("to " + recipient),
		"wrapped":           fmt.Errorf("clean: %w", &url.Error{Op: "Post", URL: "http://x/", Err: errors.New(recipient)}),
		"joined":            errors.Join(io.EOF, fmt.Errorf("deep: %w", errors.New(recipient))),
		"%#v only":          fmt.Errorf("clean: %w", hiddenField{to: recipient}),
		"wrapped in sms":    &sms.Error{Code: sms.Unknown, Err: errors.New(recipient)},
		"twilio-go's error": &client.TwilioRestError{Code: 21211, Message: "The 'To' number " + recipient + " is not valid"},
	} {
		assert.NotEmpty(t, chainLeaks(err, secrets), name)
	}
}

// echoingTransport fails each request with an error quoting it, as err
// builds it from the request's form.
func echoingTransport(build func(form string) error) http.RoundTripper {
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		form, _ := io.ReadAll(r.Body)
		return nil, build(string(form) + " " + r.Header.Get("Authorization") + " " + leakText())
	})
}

// answeringTransport answers each request with status and body.
func answeringTransport(status int, body string) http.RoundTripper {
	return roundTripFunc(func(*http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(body))}, nil
	})
}

func TestErrorChainHidesRequestData(t *testing.T) {
	type tcase struct {
		name      string
		fault     *twiliotest.Fault
		transport http.RoundTripper
		closed    bool // the server is gone: connection refused
		status    bool // Status, not Send
		wantCode  int  // Twilio code of the wrapped *client.TwilioRestError; 0 for none or no code
	}
	var tests []tcase
	for _, code := range twilio.MappedCodes() {
		tests = append(tests, tcase{name: "code " + strconv.Itoa(code), fault: ptr(leakyAnswer(400, code)), wantCode: code})
	}
	tests = append(tests,
		tcase{name: "429", fault: ptr(leakyAnswer(429, 20429)), wantCode: 20429},
		tcase{name: "unknown code", fault: ptr(leakyAnswer(400, 12345)), wantCode: 12345},
		tcase{name: "401", fault: ptr(leakyAnswer(401, 20003)), wantCode: 20003},
		tcase{name: "500", fault: ptr(leakyAnswer(500, 20500)), wantCode: 20500},
		tcase{name: "502", fault: ptr(leakyAnswer(502, 0))},
		tcase{name: "503", fault: ptr(leakyAnswer(503, 20503)), wantCode: 20503},
		tcase{name: "504", fault: ptr(leakyAnswer(504, 20504)), wantCode: 20504},
		tcase{name: "phone number as the code", fault: ptr(twiliotest.Fault{Status: 400,
			RawBody: `{"code":` + recipient[1:] + `,"status":400,"message":"x"}`})},
		tcase{name: "emulator's own message", fault: &twiliotest.Fault{Status: 400, Code: 21211, Message: leakText()}, wantCode: 21211},
		tcase{name: "proxy page quoting the request", fault: &twiliotest.Fault{Status: 502, RawBody: "<html>" + leakText() + "</html>"}},
		tcase{name: "error answer unreadable, quoting a number", fault: &twiliotest.Fault{Status: 400,
			RawBody: `{"code":21211,"message":` + recipient[1:] + `}`}},
		tcase{name: "accepted, answer unreadable, quoting a number",
			transport: answeringTransport(http.StatusCreated, `{"sid":"SM0","to":`+recipient[1:]+`}`)},
		tcase{name: "accepted, answer unreadable, quoting the body",
			transport: answeringTransport(http.StatusCreated, `{"sid":"SM0","body":`+strconv.Quote(leakBody)+`,"num_segments":[`)},
		tcase{name: "transport error quoting the request",
			transport: echoingTransport(func(s string) error { return errors.New(s) })},
		tcase{name: "transport error joining one quoting the request",
			transport: echoingTransport(func(s string) error { return errors.Join(io.ErrUnexpectedEOF, fmt.Errorf("x: %w", errors.New(s))) })},
		tcase{name: "transport error hiding the request in a field",
			transport: echoingTransport(func(s string) error { return fmt.Errorf("x: %w", hiddenField{to: s}) })},
		tcase{name: "connection refused", closed: true},
		tcase{name: "dropped before create", fault: &twiliotest.Fault{Drop: twiliotest.DropBeforeCreate}},
		tcase{name: "dropped after create", fault: &twiliotest.Fault{Drop: twiliotest.DropAfterCreate}},
		tcase{name: "status: error answer", status: true, fault: ptr(leakyAnswer(401, 20003)), wantCode: 20003},
		tcase{name: "status: transport error", status: true,
			transport: echoingTransport(func(s string) error { return errors.New(s) })},
	)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, twiliotest.Options{})
			opts := baseOptions(srv)
			opts.Transport = tt.transport
			if tt.fault != nil {
				srv.QueueFault(*tt.fault)
			}
			if tt.closed {
				srv.Close()
			}
			s := newSender(t, opts)
			var err error
			if tt.status {
				_, err = s.Status(context.Background(), sms.StatusQuery{MessageID: "SM99999999999999999999999999999999", To: recipient})
			} else {
				_, err = s.Send(context.Background(), leakMessage())
			}
			require.Error(t, err)
			_, ok := errors.AsType[*sms.Error](err)
			require.True(t, ok, "%T", err)
			assert.Empty(t, chainLeaks(err, leakSecrets()))
			rest, isRest := errors.AsType[*client.TwilioRestError](err)
			if tt.wantCode == 0 {
				if isRest {
					assert.Zero(t, rest.Code)
				}
				return
			}
			require.True(t, isRest, "a Twilio error answer is reachable with errors.As")
			assert.Equal(t, tt.wantCode, rest.Code)
			assert.Equal(t, tt.fault.Status, rest.Status)
			assert.Equal(t, "https://www.twilio.com/docs/errors/"+strconv.Itoa(tt.wantCode), rest.MoreInfo)
			assert.Nil(t, rest.Details)
		})
	}
}

func TestTransportErrorKeptWhenClean(t *testing.T) {
	srv := newServer(t, twiliotest.Options{})
	opts := baseOptions(srv)
	opts.Transport = roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, io.ErrUnexpectedEOF })
	_, err := newSender(t, opts).Send(context.Background(), leakMessage())
	require.ErrorIs(t, err, io.ErrUnexpectedEOF, "a clean transport error stays reachable")
	ue, ok := errors.AsType[*url.Error](err)
	require.True(t, ok)
	assert.Equal(t, "https://api.twilio.com/", ue.URL, "the URL keeps its scheme and host only")
}

func ptr[T any](v T) *T { return &v }
