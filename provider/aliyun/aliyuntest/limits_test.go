package aliyuntest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/internal/testclock"
)

// step is one send at an offset from t0 and its expected outcome.
type step struct {
	at      time.Duration
	number  string
	sign    string // empty means DefaultSignName
	code    string // expected Code
	message string // expected Message when not OK
}

func runSteps(t *testing.T, opts Options, steps []step) *Server {
	t.Helper()
	clock := testclock.New(t0)
	opts.Now = clock.Now
	if opts.Signs == nil {
		opts.Signs = []string{DefaultSignName, "第二签名"}
	}
	srv := NewServer(opts)
	t.Cleanup(srv.Close)
	c := newHandClient(t, srv, clock.Now)
	for i, s := range steps {
		clock.Set(t0.Add(s.at))
		sign := s.sign
		if sign == "" {
			sign = DefaultSignName
		}
		number := s.number
		if number == "" {
			number = "13800138000"
		}
		r := c.call("SendSms", map[string]string{"PhoneNumbers": number, "SignName": sign, "TemplateCode": DefaultTemplateCode, "TemplateParam": `{"code":"1234"}`})
		require.Equal(t, s.code, r.Code, "step %d at %v: %s", i, s.at, r.Message)
		if s.code != "OK" {
			assert.Equal(t, s.message, r.Message, "step %d", i)
		}
	}
	return srv
}

const limited = "isv.BUSINESS_LIMIT_CONTROL"

func TestLimitsDefault(t *testing.T) {
	t.Run("minute", func(t *testing.T) {
		runSteps(t, Options{}, []step{
			{at: 0, code: "OK"},
			{at: 30 * time.Second, code: limited, message: "触发分钟级流控Permits:1"},
			{at: 59 * time.Second, code: limited, message: "触发分钟级流控Permits:1"},
			{at: 30 * time.Second, number: "13900139000", code: "OK"},                                    // another number
			{at: 30 * time.Second, sign: "第二签名", code: "OK"},                                             // another sign
			{at: 30 * time.Second, number: "+8613800138000", code: limited, message: "触发分钟级流控Permits:1"}, // same number, other spelling
			{at: time.Minute, code: "OK"}, // the window rolls
		})
	})
	t.Run("hour", func(t *testing.T) {
		srv := runSteps(t, Options{}, []step{
			{at: 0, code: "OK"},
			{at: 1 * time.Minute, code: "OK"},
			{at: 2 * time.Minute, code: "OK"},
			{at: 3 * time.Minute, code: "OK"},
			{at: 4 * time.Minute, code: "OK"},
			{at: 5 * time.Minute, code: limited, message: "触发小时级流控Permits:5"},
			{at: 59*time.Minute + 59*time.Second, code: limited, message: "触发小时级流控Permits:5"},
			{at: 60 * time.Minute, code: "OK"}, // the first send left the window
			{at: 60*time.Minute + 30*time.Second, code: limited, message: "触发分钟级流控Permits:1"},
		})
		assert.Len(t, srv.Messages(), 6, "refused sends are not counted")
	})
	t.Run("day", func(t *testing.T) {
		var steps []step
		for i := range 10 { // 13 minutes apart: never 5 in an hour
			steps = append(steps, step{at: time.Duration(i) * 13 * time.Minute, code: "OK"})
		}
		steps = append(steps,
			step{at: 130 * time.Minute, code: limited, message: "触发天级流控Permits:10"},
			step{at: 24*time.Hour - time.Second, code: limited, message: "触发天级流控Permits:10"},
			step{at: 24 * time.Hour, code: "OK"},
		)
		runSteps(t, Options{}, steps)
	})
}

func TestLimitsConfigured(t *testing.T) {
	t.Run("permits in the message", func(t *testing.T) {
		runSteps(t, Options{Limits: Limits{PerMinute: 2, PerHour: 3, PerDay: 4}}, []step{
			{at: 0, code: "OK"},
			{at: time.Second, code: "OK"},
			{at: 2 * time.Second, code: limited, message: "触发分钟级流控Permits:2"},
			{at: time.Minute, code: "OK"},
			{at: 2 * time.Minute, code: limited, message: "触发小时级流控Permits:3"},
			{at: time.Hour, code: "OK"},
			{at: time.Hour + time.Minute, code: limited, message: "触发天级流控Permits:4"},
		})
	})
	t.Run("negative removes one limit", func(t *testing.T) {
		runSteps(t, Options{Limits: Limits{PerMinute: -1, PerHour: -1, PerDay: 3}}, []step{
			{at: 0, code: "OK"},
			{at: 0, code: "OK"},
			{at: 0, code: "OK"},
			{at: 0, code: limited, message: "触发天级流控Permits:3"},
		})
	})
	t.Run("disabled", func(t *testing.T) {
		steps := make([]step, 30)
		for i := range steps {
			steps[i] = step{code: "OK"}
		}
		runSteps(t, Options{Limits: Limits{Disabled: true}}, steps)
	})
}

// Notification templates count per sign, template and number per day.
func TestLimitsNotification(t *testing.T) {
	clock := testclock.New(t0)
	srv := NewServer(Options{Now: clock.Now, Limits: Limits{NotificationPerDay: 2}, Templates: map[string]Template{
		"SMS_A": {Text: "通知${x}"},
		"SMS_B": {Text: "通知${x}"},
	}})
	defer srv.Close()
	c := newHandClient(t, srv, clock.Now)
	send := func(template string) apiResult {
		return c.call("SendSms", map[string]string{"PhoneNumbers": "13800138000", "SignName": DefaultSignName, "TemplateCode": template, "TemplateParam": `{"x":"1"}`})
	}
	assert.Equal(t, "OK", send("SMS_A").Code)
	assert.Equal(t, "OK", send("SMS_A").Code, "no minute limit for notifications")
	r := send("SMS_A")
	assert.Equal(t, limited, r.Code)
	assert.Equal(t, "触发天级流控Permits:2", r.Message)
	assert.Equal(t, "OK", send("SMS_B").Code, "another template counts apart")
	clock.Advance(24 * time.Hour)
	assert.Equal(t, "OK", send("SMS_A").Code)
}

// A request naming one number twice is refused whole.
func TestLimitsWholeRequest(t *testing.T) {
	srv := runSteps(t, Options{}, []step{
		{at: 0, number: "13900139000,13800138000,13800138000", code: limited, message: "触发分钟级流控Permits:1"},
		{at: 0, number: "13900139000,13800138000", code: "OK"},
	})
	assert.Len(t, srv.Messages(), 2)
}

// The history forgets sends older than a day.
func TestLimitsHistoryBounded(t *testing.T) {
	var h sendHistory
	for i := range 100 {
		h.record([]string{limitKey(Verification, "s", "t", string(rune('a'+i%26))+"x")}, t0.Add(time.Duration(i)*time.Second))
	}
	assert.Len(t, h.times, 26)
	h.record([]string{"fresh"}, t0.Add(25*time.Hour))
	assert.Len(t, h.times, 1)
}
