package twilio_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/twilio"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

const (
	recipient = "+14155552671"
	loginText = "Your login code is ${code}."
)

func newServer(t testing.TB, opts twiliotest.Options) *twiliotest.Server {
	t.Helper()
	srv := twiliotest.NewServer(opts)
	t.Cleanup(srv.Close)
	return srv
}

// baseOptions are Options for the emulator's default account.
func baseOptions(srv *twiliotest.Server) twilio.Options {
	endpoint := ""
	if srv != nil {
		endpoint = srv.URL
	}
	return twilio.Options{
		AccountSID: twiliotest.TestAccountSID,
		AuthToken:  twiliotest.TestAuthToken,
		From:       twiliotest.TestFrom,
		Templates:  []sms.Template{{Name: "login_code", Kind: sms.KindVerification, Text: loginText}},
		Endpoint:   endpoint,
	}
}

func newSender(t testing.TB, opts twilio.Options) *twilio.Sender {
	t.Helper()
	s, err := twilio.New(opts)
	require.NoError(t, err)
	return s
}

func loginMessage(to string) sms.Message {
	return sms.Message{To: to, Template: "login_code", Params: map[string]string{"code": "123456"}}
}

func TestSend(t *testing.T) {
	tests := []struct {
		name        string
		opts        func(*twilio.Options)
		msg         sms.Message
		wantTo      string
		wantFrom    string
		wantService string
		wantBody    string
		wantCB      string
	}{
		{
			name:     "template rendered",
			msg:      loginMessage(recipient),
			wantTo:   recipient,
			wantFrom: twiliotest.TestFrom,
			wantBody: "Your login code is 123456.",
		},
		{
			name:     "body wins over template",
			msg:      sms.Message{To: recipient, Template: "login_code", Body: "free text ${code}", Params: map[string]string{"code": "1"}},
			wantTo:   recipient,
			wantFrom: twiliotest.TestFrom,
			wantBody: "free text ${code}",
		},
		{
			name:     "national number in the default region",
			opts:     func(o *twilio.Options) { o.DefaultRegion = "US" },
			msg:      sms.Message{To: "(415) 555-2671", Body: "hi"},
			wantTo:   recipient,
			wantFrom: twiliotest.TestFrom,
			wantBody: "hi",
		},
		{
			name: "sign is the sender",
			opts: func(o *twilio.Options) {
				o.From = ""
				o.MessagingServiceSID = twiliotest.TestMessagingServiceSID
			},
			msg:         sms.Message{To: recipient, Body: "hi", Sign: twiliotest.TestFrom},
			wantTo:      recipient,
			wantFrom:    twiliotest.TestFrom,
			wantService: twiliotest.TestMessagingServiceSID,
			wantBody:    "hi",
		},
		{
			name: "messaging service and status callback",
			opts: func(o *twilio.Options) {
				o.From = ""
				o.MessagingServiceSID = twiliotest.TestMessagingServiceSID
				o.StatusCallback = "https://example.com/sms/status"
			},
			msg:         sms.Message{To: "+8613800138000", Body: "验证码 123456 🎉"},
			wantTo:      "+8613800138000",
			wantService: twiliotest.TestMessagingServiceSID,
			wantBody:    "验证码 123456 🎉",
			wantCB:      "https://example.com/sms/status",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, twiliotest.Options{})
			opts := baseOptions(srv)
			if tt.opts != nil {
				tt.opts(&opts)
			}
			res, err := newSender(t, opts).Send(context.Background(), tt.msg)
			require.NoError(t, err)

			msgs := srv.Messages()
			require.Len(t, msgs, 1)
			got := msgs[0]
			assert.Equal(t, sms.Result{Provider: "twilio", MessageID: got.SID, RequestID: res.RequestID}, res)
			assert.Regexp(t, `^RQ[0-9a-f]{32}$`, res.RequestID)
			assert.Equal(t, tt.wantTo, got.To)
			assert.Equal(t, tt.wantFrom, got.From)
			assert.Equal(t, tt.wantService, got.MessagingServiceSID)
			assert.Equal(t, tt.wantBody, got.Body)
			assert.Equal(t, tt.wantCB, got.StatusCallback)
		})
	}
}

func TestSendRefusesBeforeSending(t *testing.T) {
	tests := []struct {
		name    string
		msg     sms.Message
		want    error
		wantMsg string
	}{
		{"invalid number", sms.Message{To: "12345", Body: "hi"}, sms.ErrInvalidNumber, "recipient"},
		{"no content", sms.Message{To: recipient}, sms.ErrMissingContent, "neither template nor body"},
		{"unknown template", sms.Message{To: recipient, Template: "nope"}, sms.ErrUnknownTemplate, `template "nope" is not declared`},
		{"missing param", sms.Message{To: recipient, Template: "login_code", Params: map[string]string{}},
			sms.ErrMissingParam, `needs param "code"`},
		{"extra param", sms.Message{To: recipient, Template: "login_code", Params: map[string]string{"code": "1", "cod": "1"}},
			sms.ErrExtraParam, `has no variable "cod"`},
		{"misspelt param", sms.Message{To: recipient, Template: "login_code", Params: map[string]string{"cod": "1"}},
			sms.ErrMissingParam, `needs param "code"`},
		{"params with a body", sms.Message{To: recipient, Body: "hi", Params: map[string]string{"code": "1", "a": "2"}},
			sms.ErrExtraParam, `param "a" has no place in it`},
		{"body of 1601 characters", sms.Message{To: recipient, Body: strings.Repeat("é", twilio.MaxBodyLength+1)},
			sms.ErrInvalidBody, "body is longer than 1600 characters"},
		{"body of 1 MB", sms.Message{To: recipient, Body: strings.Repeat("a", 1<<20)},
			sms.ErrInvalidBody, "body is longer than"},
		{"rendered text of 1601 characters", sms.Message{To: recipient, Template: "login_code",
			Params: map[string]string{"code": strings.Repeat("9", 1000)}}, nil, ""},
		{"rendered text over the limit", sms.Message{To: recipient, Template: "long",
			Params: map[string]string{"a": strings.Repeat("x", 800), "b": strings.Repeat("y", 800)}},
			sms.ErrInvalidBody, `template "long" renders a text of 1604 characters with these params, more than twilio's 1600`},
		{"template name of 64 KB", sms.Message{To: recipient, Template: strings.Repeat("n", 64<<10)}, sms.ErrInvalidTemplate, "template name"},
		{"undeclared template, none declared", sms.Message{To: recipient, Template: "raw"}, sms.ErrUnknownTemplate,
			"twilio sends text"},
	}
	srv := newServer(t, twiliotest.Options{})
	opts := baseOptions(srv)
	opts.Templates = append(opts.Templates, sms.Template{Name: "long", Kind: sms.KindNotification, Text: "${a}--${b}--"})
	s := newSender(t, opts)
	bare := baseOptions(srv)
	bare.Templates = nil
	none := newSender(t, bare)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sender := s
			if strings.HasPrefix(tt.name, "undeclared") {
				sender = none
			}
			_, err := sender.Send(context.Background(), tt.msg)
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.want)
			e, ok := errors.AsType[*sms.Error](err)
			require.True(t, ok)
			assert.Equal(t, sms.InvalidArgument, e.Code)
			assert.True(t, e.NotAccepted)
			assert.Equal(t, "twilio", e.Provider)
			assert.Contains(t, e.Error(), tt.wantMsg)
			assert.Less(t, len(e.Error()), 400, "errors quote bounded text")

			// The fake and dry-run senders refuse it the same way with
			// the Sender's Rules.
			v, verr := sms.NewValidator(opts.Rules(), opts.Templates)
			require.NoError(t, verr)
			if sender == none {
				v, verr = sms.NewValidator(bare.Rules(), nil)
				require.NoError(t, verr)
			}
			_, perr := v.Prepare(context.Background(), tt.msg)
			assert.Equal(t, err, perr, "Options.Rules refuses as Send does")
		})
	}
	assert.Equal(t, 1, srv.Requests(), "refused messages make no request")
}

func TestNilContext(t *testing.T) {
	srv := newServer(t, twiliotest.Options{})
	s := newSender(t, baseOptions(srv))
	var nilCtx context.Context
	_, err := s.Send(nilCtx, loginMessage(recipient))
	require.ErrorIs(t, err, sms.ErrNilContext)
	assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
	assert.True(t, sms.IsNotAccepted(err))
	assert.Contains(t, err.Error(), "sms: twilio: ")
	_, err = s.Status(nilCtx, sms.StatusQuery{MessageID: "SM00000000000000000000000000000001"})
	require.ErrorIs(t, err, sms.ErrNilContext)
	assert.Equal(t, sms.InvalidArgument, sms.CodeOf(err))
	assert.Zero(t, srv.Requests())
}

func TestNew(t *testing.T) {
	valid := twilio.Options{AccountSID: twiliotest.TestAccountSID, AuthToken: "s3cretT0ken", From: twiliotest.TestFrom}
	tests := []struct {
		name    string
		change  func(*twilio.Options)
		wantMsg string
	}{
		{"valid", func(*twilio.Options) {}, ""},
		{"valid with service only", func(o *twilio.Options) {
			o.From, o.MessagingServiceSID = "", twiliotest.TestMessagingServiceSID
		}, ""},
		{"missing account", func(o *twilio.Options) { o.AccountSID = "" }, "AccountSID is required"},
		{"malformed account", func(o *twilio.Options) { o.AccountSID = "AC123" }, "AccountSID must be"},
		{"missing token", func(o *twilio.Options) { o.AuthToken = "" }, "AuthToken is required"},
		{"token with symbols", func(o *twilio.Options) { o.AuthToken = "s3cret-T0ken!" }, "AuthToken must be at most 128 letters and digits"},
		{"no sender", func(o *twilio.Options) { o.From = "" }, "From or MessagingServiceSID is required"},
		{"malformed service", func(o *twilio.Options) { o.MessagingServiceSID = "MGxyz" }, "MessagingServiceSID must be"},
		{"relative callback", func(o *twilio.Options) { o.StatusCallback = "/status" }, "StatusCallback must be"},
		{"bad endpoint", func(o *twilio.Options) { o.Endpoint = "ftp://example.com" }, "Endpoint must be"},
		{"control character in From", func(o *twilio.Options) { o.From = "A\nB" }, "From must be"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := valid
			tt.change(&opts)
			s, err := twilio.New(opts)
			if tt.wantMsg == "" {
				require.NoError(t, err)
				assert.NotContains(t, s.String(), opts.AuthToken)
				return
			}
			require.ErrorIs(t, err, sms.ErrInvalidOptions)
			_, isSMSError := errors.AsType[*sms.Error](err)
			assert.False(t, isSMSError, "a configuration error is not a message error")
			assert.Equal(t, "sms: twilio: invalid options: "+tt.wantMsg, err.Error()[:len("sms: twilio: invalid options: ")+len(tt.wantMsg)])
			assert.NotContains(t, err.Error(), "s3cret")
		})
	}
}

func TestOptionsHideToken(t *testing.T) {
	opts := twilio.Options{AccountSID: twiliotest.TestAccountSID, AuthToken: "s3cretT0ken", From: twiliotest.TestFrom}
	s := newSender(t, opts)
	for _, text := range []string{opts.String(), opts.GoString(), s.String(), opts.LogValue().String()} {
		assert.NotContains(t, text, "s3cret")
		assert.Contains(t, text, twiliotest.TestAccountSID)
	}
}

func TestSenderHidesToken(t *testing.T) {
	opts := twilio.Options{AccountSID: twiliotest.TestAccountSID, AuthToken: "s3cretT0ken", From: twiliotest.TestFrom}
	s := newSender(t, opts)
	var texts []string
	for _, v := range []any{s, *s} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			texts = append(texts, fmt.Sprintf(verb, v))
		}
	}
	var text, js bytes.Buffer
	slog.New(slog.NewTextHandler(&text, nil)).Info("send", "sender", s, "value", *s)
	slog.New(slog.NewJSONHandler(&js, nil)).Info("send", "sender", s, "value", *s)
	texts = append(texts, s.GoString(), s.LogValue().String(), text.String(), js.String())
	for _, text := range texts {
		assert.NotContains(t, text, "s3cret")
		assert.Contains(t, text, twiliotest.TestAccountSID)
	}
}

func TestEndpointPathAndRegionEnv(t *testing.T) {
	t.Setenv("TWILIO_REGION", "ie1")
	t.Setenv("TWILIO_EDGE", "dublin")
	srv := newServer(t, twiliotest.Options{})
	var mu sync.Mutex
	var seen []string
	opts := baseOptions(srv)
	opts.Endpoint = srv.URL + "/proxy/"
	opts.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		seen = append(seen, r.URL.String())
		mu.Unlock()
		r = r.Clone(r.Context())
		r.URL.Path = strings.TrimPrefix(r.URL.Path, "/proxy")
		return http.DefaultTransport.RoundTrip(r)
	})
	_, err := newSender(t, opts).Send(context.Background(), loginMessage(recipient))
	require.NoError(t, err)
	assert.Equal(t, []string{srv.URL + "/proxy/2010-04-01/Accounts/" + twiliotest.TestAccountSID + "/Messages.json"}, seen)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
