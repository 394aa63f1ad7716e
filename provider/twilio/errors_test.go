package twilio_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twilio/twilio-go/client"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/twilio"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

const secretToken = "f00dfacef00dfacef00dfacef00dface"

func TestErrorMapping(t *testing.T) {
	tests := []struct {
		name            string
		to              string
		opts            func(*twilio.Options)
		fault           *twiliotest.Fault
		wantCode        sms.Code
		wantNotAccepted bool
		wantProvider    string
		wantRetryAfter  time.Duration
		wantRetryable   bool
		wantTwilioError bool
	}{
		{name: "invalid number", to: "+15005550001", wantCode: sms.InvalidArgument, wantNotAccepted: true, wantProvider: "21211", wantTwilioError: true},
		{name: "unreachable", to: "+15005550002", wantCode: sms.InvalidArgument, wantNotAccepted: true, wantProvider: "21612", wantTwilioError: true},
		{name: "region not enabled", to: "+15005550003", wantCode: sms.PermissionDenied, wantNotAccepted: true, wantProvider: "21408", wantTwilioError: true},
		{name: "unsubscribed", to: "+15005550004", wantCode: sms.InvalidArgument, wantNotAccepted: true, wantProvider: "21610", wantTwilioError: true},
		{name: "not mobile", to: "+15005550009", wantCode: sms.InvalidArgument, wantNotAccepted: true, wantProvider: "21614", wantTwilioError: true},
		{name: "bad from", opts: func(o *twilio.Options) { o.From = "+15005550001" }, wantCode: sms.PermissionDenied, wantNotAccepted: true, wantProvider: "21212", wantTwilioError: true},
		{name: "unowned from", opts: func(o *twilio.Options) { o.From = "+15005550007" }, wantCode: sms.PermissionDenied, wantNotAccepted: true, wantProvider: "21606", wantTwilioError: true},
		{name: "full queue", opts: func(o *twilio.Options) { o.From = "+15005550008" }, wantCode: sms.RateLimited, wantNotAccepted: true, wantProvider: "21611", wantRetryable: true, wantTwilioError: true},
		{name: "unknown service", opts: func(o *twilio.Options) {
			o.From, o.MessagingServiceSID = "", "MG99999999999999999999999999999999"
		}, wantCode: sms.PermissionDenied, wantNotAccepted: true, wantProvider: "21705", wantTwilioError: true},
		{name: "authentication", opts: func(o *twilio.Options) { o.AuthToken = "0000" + secretToken[4:] }, wantCode: sms.PermissionDenied, wantNotAccepted: true, wantProvider: "20003", wantTwilioError: true},
		{name: "unknown account", opts: func(o *twilio.Options) { o.AccountSID = "AC99999999999999999999999999999999" }, wantCode: sms.PermissionDenied, wantNotAccepted: true, wantProvider: "20003", wantTwilioError: true},
		{name: "too many requests", fault: &twiliotest.Fault{Status: 429, RetryAfter: 3 * time.Second}, wantCode: sms.RateLimited, wantNotAccepted: true, wantProvider: "20429", wantRetryAfter: 3 * time.Second, wantRetryable: true, wantTwilioError: true},
		{name: "20429 in a 400", fault: &twiliotest.Fault{Status: 400, Code: 20429}, wantCode: sms.RateLimited, wantNotAccepted: true, wantProvider: "20429", wantRetryable: true, wantTwilioError: true},
		{name: "429 with another code", fault: &twiliotest.Fault{Status: 429, Code: 14107}, wantCode: sms.RateLimited, wantNotAccepted: true, wantProvider: "14107", wantRetryable: true, wantTwilioError: true},
		{name: "internal error", fault: &twiliotest.Fault{Status: 500}, wantCode: sms.Unavailable, wantNotAccepted: true, wantProvider: "20500", wantRetryable: true, wantTwilioError: true},
		{name: "service unavailable", fault: &twiliotest.Fault{Status: 503}, wantCode: sms.Unavailable, wantNotAccepted: true, wantProvider: "20503", wantRetryable: true, wantTwilioError: true},
		// A gateway's page is not Twilio answering: the gateway may have
		// passed the request on.
		{name: "proxy's bad gateway page", fault: &twiliotest.Fault{RawBody: twiliotest.GatewayPage}, wantCode: sms.Unknown},
		{name: "gateway timeout", fault: &twiliotest.Fault{Status: 504}, wantCode: sms.Unavailable, wantProvider: "20504", wantTwilioError: true},
		{name: "unknown code", fault: &twiliotest.Fault{Status: 400, Code: 12345}, wantCode: sms.Unknown, wantNotAccepted: true, wantProvider: "12345", wantTwilioError: true},
		{name: "forbidden without a known code", fault: &twiliotest.Fault{Status: 403, Code: 20403}, wantCode: sms.PermissionDenied, wantNotAccepted: true, wantProvider: "20403", wantTwilioError: true},
		{name: "dropped before create", fault: &twiliotest.Fault{Drop: twiliotest.DropBeforeCreate}, wantCode: sms.Unknown},
		{name: "dropped after create", fault: &twiliotest.Fault{Drop: twiliotest.DropAfterCreate}, wantCode: sms.Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, twiliotest.Options{Accounts: map[string]string{twiliotest.TestAccountSID: secretToken}})
			opts := baseOptions(srv)
			opts.AuthToken = secretToken
			if tt.opts != nil {
				tt.opts(&opts)
			}
			if tt.fault != nil {
				srv.QueueFault(*tt.fault)
			}
			to := tt.to
			if to == "" {
				to = recipient
			}
			_, err := newSender(t, opts).Send(context.Background(), loginMessage(to))
			require.Error(t, err)
			e, ok := errors.AsType[*sms.Error](err)
			require.True(t, ok, "%T is not an *sms.Error", err)
			assert.Equal(t, tt.wantCode, e.Code, "code")
			assert.Equal(t, tt.wantNotAccepted, e.NotAccepted, "NotAccepted")
			assert.Equal(t, tt.wantProvider, e.ProviderCode, "ProviderCode")
			assert.Equal(t, tt.wantRetryAfter, e.RetryAfter, "RetryAfter")
			assert.Equal(t, tt.wantRetryable, sms.IsRetryable(err), "IsRetryable")
			assert.Equal(t, "twilio", e.Provider)
			assert.NotEmpty(t, e.Message)
			var rest *client.TwilioRestError
			assert.Equal(t, tt.wantTwilioError, errors.As(err, &rest), "twilio-go's error is reachable")
			if tt.wantTwilioError {
				assert.Regexp(t, `^RQ[0-9a-f]{32}$`, e.RequestID)
			}
			assertNoSecrets(t, err, to, opts.AuthToken)
		})
	}
}

// assertNoSecrets fails if err's text shows the auth token, the full
// recipient, or the message's param value.
func assertNoSecrets(t *testing.T, err error, to, token string) {
	t.Helper()
	for _, text := range []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
		assert.NotContains(t, text, token)
		assert.NotContains(t, text, to)
		assert.NotContains(t, text, to[1:], "digits of the recipient")
		assert.NotContains(t, text, "123456", "param value")
	}
}

func TestConnectionRefused(t *testing.T) {
	srv := twiliotest.NewServer(twiliotest.Options{})
	opts := baseOptions(srv)
	srv.Close()
	_, err := newSender(t, opts).Send(context.Background(), loginMessage(recipient))
	e, ok := errors.AsType[*sms.Error](err)
	require.True(t, ok)
	assert.Equal(t, sms.Unavailable, e.Code)
	assert.True(t, e.NotAccepted, "nothing was written")
	assert.True(t, sms.IsRetryable(err))
	assertNoSecrets(t, err, recipient, opts.AuthToken)
}

func TestTwilioMessageNeverCopied(t *testing.T) {
	srv := newServer(t, twiliotest.Options{})
	srv.QueueFault(twiliotest.Fault{Status: 400, Code: 12345, Message: "number " + recipient + " said 123456 " + twiliotest.TestAuthToken})
	_, err := newSender(t, baseOptions(srv)).Send(context.Background(), loginMessage(recipient))
	require.Error(t, err)
	assertNoSecrets(t, err, recipient, twiliotest.TestAuthToken)
	e, _ := errors.AsType[*sms.Error](err)
	assert.Equal(t, "sms: twilio: unknown: twilio refused the request (HTTP 400) (12345, request "+
		e.RequestID+", not accepted)", err.Error())
}
