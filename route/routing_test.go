package route_test

import (
	"context"
	"testing"
	"time"

	"github.com/smskit/sms"
	"github.com/smskit/sms/route"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRouteByDestination(t *testing.T) {
	aliyun, twilio, canada, vip := working("aliyun"), working("twilio"), working("canada"), working("vip")
	r, err := route.New(route.Options{Routes: []route.Route{
		{Name: "vip", Match: func(m sms.Message) bool { return m.Reference == "vip" },
			Targets: []route.Target{{Name: "vip", Sender: vip}}},
		{Name: "mainland", Prefixes: []string{"+86"}, Targets: []route.Target{{Name: "aliyun", Sender: aliyun}}},
		{Name: "canada", Regions: []string{"ca"}, Targets: []route.Target{{Name: "canada", Sender: canada}}},
		{Name: "world", Targets: []route.Target{{Name: "twilio", Sender: twilio}}},
	}})
	require.NoError(t, err)

	tests := []struct {
		name, to, reference, want string
	}{
		{"E.164 mainland", "+8613800138000", "", "aliyun"},
		{"national mainland, normalized first", "138 0013 8000", "", "aliyun"},
		{"US", "+12025550123", "", "twilio"},
		{"Canada dials +1 too, told apart by region", "+16135550123", "", "canada"},
		{"UK", "+447911123456", "", "twilio"},
		{"Match wins over later routes", "+8613800138000", "vip", "vip"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := msg(1)
			m.To, m.Reference = tc.to, tc.reference
			res, err := r.Send(context.Background(), m)
			require.NoError(t, err)
			assert.Equal(t, tc.want, res.Provider)
			assert.Zero(t, res.Attempts, "no failover: the sender's Attempts pass through")
		})
	}
}

func TestRefusedBeforeAnyTarget(t *testing.T) {
	target := working("aliyun")
	r, err := route.New(route.Options{Name: "edge", Routes: []route.Route{
		{Prefixes: []string{"+86"}, Targets: []route.Target{{Name: "aliyun", Sender: target}}},
	}})
	require.NoError(t, err)
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Unix(1, 0))
	defer cancel2()

	tests := []struct {
		name string
		ctx  context.Context
		to   string
		code sms.Code
		is   error
	}{
		{"canceled context", canceled, "+8613800138000", sms.Canceled, context.Canceled},
		{"expired deadline", expired, "+8613800138000", sms.DeadlineExceeded, context.DeadlineExceeded},
		{"invalid number", context.Background(), "+86138", sms.InvalidArgument, sms.ErrInvalidNumber},
		{"empty recipient", context.Background(), "", sms.InvalidArgument, sms.ErrMissingRecipient},
		{"no route", context.Background(), "+12025550123", sms.InvalidArgument, route.ErrNoRoute},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := msg(1)
			m.To = tc.to
			_, err := r.Send(tc.ctx, m)
			require.Error(t, err)
			assert.Equal(t, tc.code, sms.CodeOf(err))
			assert.True(t, sms.IsNotAccepted(err))
			assert.ErrorIs(t, err, tc.is)
			e, ok := err.(*sms.Error)
			require.True(t, ok, "the error is an *sms.Error")
			assert.Equal(t, "edge", e.Provider)
			assert.NotContains(t, err.Error(), "2025550123")
		})
	}
	assert.Zero(t, target.calls.Load())
}

func TestAllFail(t *testing.T) {
	outage := &sms.Error{Code: sms.Unavailable, NotAccepted: true, Provider: "aliyun",
		ProviderCode: "isp.SYSTEM_ERROR", RequestID: "req-1", Message: "system error"}
	broke := &sms.Error{Code: sms.QuotaExceeded, NotAccepted: true, Provider: "aliyun-backup",
		ProviderCode: "isv.AMOUNT_NOT_ENOUGH", RequestID: "req-2", Message: "balance"}
	throttled := &sms.Error{Code: sms.RateLimited, NotAccepted: true, Provider: "twilio",
		ProviderCode: "20429", RequestID: "req-3", RetryAfter: 2 * time.Second, Message: "too many requests"}
	lost := &sms.Error{Code: sms.Unknown, Provider: "twilio", Message: "read timeout"}

	tests := []struct {
		name        string
		errs        []error
		code        sms.Code
		notAccepted bool
		texts       []string
	}{
		{"every target refused", []error{outage, broke, throttled}, sms.RateLimited, true, []string{
			`route "cn": aliyun: unavailable: system error (isp.SYSTEM_ERROR, request req-1, not accepted)`,
			`aliyun-backup: quota exceeded: balance (isv.AMOUNT_NOT_ENOUGH, request req-2, not accepted)`,
			`twilio: rate limited: too many requests (20429, request req-3, retry after 2s, not accepted)`,
		}},
		{"the last may have been accepted", []error{outage, broke, lost}, sms.Unknown, false, []string{
			"aliyun: unavailable", "aliyun-backup: quota exceeded", "twilio: unknown: read timeout (may have been accepted)",
		}},
		{"stopped early", []error{outage, &sms.Error{Code: sms.InvalidArgument, NotAccepted: true, Message: "bad"}, throttled},
			sms.InvalidArgument, true, []string{"aliyun-backup: invalid argument: bad", "1 more target(s) not tried"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			names := []string{"aliyun", "aliyun-backup", "twilio"}
			var targets []route.Target
			for i, e := range tc.errs {
				targets = append(targets, route.Target{Name: names[i], Sender: failing(names[i], e)})
			}
			r, err := route.New(route.Options{Routes: []route.Route{{Name: "cn", Targets: targets}}})
			require.NoError(t, err)
			_, err = r.Send(context.Background(), msg(1))
			require.Error(t, err)

			assert.Equal(t, tc.code, sms.CodeOf(err))
			assert.Equal(t, tc.notAccepted, sms.IsNotAccepted(err))
			for _, text := range tc.texts {
				assert.Contains(t, err.Error(), text)
			}
			assert.NotContains(t, err.Error(), "13900000001", "no full number")
			e, ok := err.(*sms.Error)
			require.True(t, ok)
			assert.Equal(t, route.DefaultName, e.Provider)
			failures, ok := err.(*sms.Error).Err.(*route.Error)
			require.True(t, ok)
			assert.Equal(t, "cn", failures.Route)
			for i, f := range failures.Failures {
				assert.Equal(t, names[i], f.Target)
				assert.ErrorIs(t, err, tc.errs[i], "unwraps to each failure")
			}
		})
	}
}

func TestAllFailSummary(t *testing.T) {
	first := &sms.Error{Code: sms.Unavailable, NotAccepted: true, Message: "a"}
	last := &sms.Error{Code: sms.RateLimited, NotAccepted: true, ProviderCode: "Throttling",
		RequestID: "req-9", RetryAfter: 3 * time.Second, Message: "b"}
	r, err := route.New(route.Options{Routes: []route.Route{{Targets: []route.Target{
		{Name: "a", Sender: failing("a", first)}, {Name: "b", Sender: failing("b", last)},
	}}}})
	require.NoError(t, err)
	_, err = r.Send(context.Background(), msg(1))
	assert.True(t, sms.IsRetryable(err))
	assert.Equal(t, 3*time.Second, sms.RetryAfterOf(err))
	e := err.(*sms.Error)
	assert.Equal(t, "Throttling", e.ProviderCode)
	assert.Equal(t, "req-9", e.RequestID)
}

func TestUnclassifiedErrorTextWithheld(t *testing.T) {
	leaky := &leakyError{"POST https://x/?AccessKeyId=LTAIsecret&PhoneNumbers=8613900000001"}
	r, err := route.New(route.Options{Routes: []route.Route{{Targets: []route.Target{
		{Name: "raw", Sender: failing("raw", leaky)},
	}}}})
	require.NoError(t, err)
	_, err = r.Send(context.Background(), msg(1))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "LTAI")
	assert.NotContains(t, err.Error(), "13900000001")
	assert.Contains(t, err.Error(), "raw: unknown: unclassified error, text withheld")
	assert.ErrorIs(t, err, leaky)
	assert.False(t, sms.IsNotAccepted(err))
}

type leakyError struct{ text string }

func (e *leakyError) Error() string { return e.text }

func TestResultAttemptsAfterFailover(t *testing.T) {
	outage := &sms.Error{Code: sms.Unavailable, NotAccepted: true}
	retried := sms.SenderFunc(func(context.Context, sms.Message) (sms.Result, error) {
		return sms.Result{Provider: "x", MessageID: "id", Attempts: 3}, nil
	})
	r, err := route.New(route.Options{Routes: []route.Route{{Targets: []route.Target{
		{Name: "a", Sender: failing("a", outage)}, {Name: "b", Sender: failing("b", outage)}, {Name: "c", Sender: retried},
	}}}})
	require.NoError(t, err)
	res, err := r.Send(context.Background(), msg(1))
	require.NoError(t, err)
	assert.Equal(t, sms.Result{Provider: "c", MessageID: "id", Attempts: 5}, res)
}

func TestRegionsOwningTheirCallingCode(t *testing.T) {
	cn, other := working("cn"), working("other")
	r, err := route.New(route.Options{Routes: []route.Route{
		{Regions: []string{" cn "}, Targets: []route.Target{{Name: "cn", Sender: cn}}},
		{Targets: []route.Target{{Name: "other", Sender: other}}},
	}})
	require.NoError(t, err)
	for to, want := range map[string]string{
		"+8613800138000": "cn",
		"+85291234567":   "other", // Hong Kong, +852, starts with "+85"
		"+12025550123":   "other",
	} {
		m := msg(1)
		m.To = to
		res, err := r.Send(context.Background(), m)
		require.NoError(t, err)
		assert.Equal(t, want, res.Provider, sms.MaskPhone(to))
	}
}
