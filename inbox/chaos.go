package inbox

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/provider/twilio/twiliotest"
)

// Chaos classes: the error classes the inbox can inject into sends, each
// with a probability.
const (
	// ChaosThrottling answers as a provider throttling the account
	// (Aliyun Throttling.User, HTTP 400; Twilio 20429, HTTP 429).
	ChaosThrottling = "throttling"
	// ChaosNumberLimit answers as the per-number frequency limit (Aliyun
	// isv.BUSINESS_LIMIT_CONTROL; Twilio 14107, HTTP 429).
	ChaosNumberLimit = "number_limit"
	// ChaosInvalidNumber refuses the number (Aliyun
	// isv.MOBILE_NUMBER_ILLEGAL; Twilio 21211).
	ChaosInvalidNumber = "invalid_number"
	// ChaosSignRefused refuses the sign (Aliyun isv.SMS_SIGNATURE_ILLEGAL;
	// Twilio 21606, the From number).
	ChaosSignRefused = "sign_refused"
	// ChaosTemplateRefused refuses the template (Aliyun
	// isv.SMS_TEMPLATE_ILLEGAL; Twilio 30007, message filtered).
	ChaosTemplateRefused = "template_refused"
	// ChaosOutOfBalance answers as an account out of money (Aliyun
	// isv.AMOUNT_NOT_ENOUGH; Twilio 20005, account not active).
	ChaosOutOfBalance = "out_of_balance"
	// ChaosDropAfterAccept accepts the message, then closes the connection
	// without an answer: the sender cannot know it was accepted.
	ChaosDropAfterAccept = "drop_after_accept"
	// ChaosLatency delays the request by Chaos.LatencyMS before it is
	// served.
	ChaosLatency = "latency"
)

// ChaosClasses lists the chaos classes in the order the UI shows them.
var ChaosClasses = []string{ChaosThrottling, ChaosNumberLimit, ChaosInvalidNumber, ChaosSignRefused,
	ChaosTemplateRefused, ChaosOutOfBalance, ChaosDropAfterAccept, ChaosLatency}

// Chaos is the inbox's chaos setting, as GET and PUT /api/v1/chaos carry it.
// Each class applies to a send (Aliyun SendSms and SendBatchSms, Twilio
// message creation, and the verification sends of Dypnsapi and Twilio
// Verify) with its probability in percent, 0–100; the error
// classes are tried in ChaosClasses order and the first that fires wins;
// latency adds to any of them.
type Chaos struct {
	// Probability maps a class (ChaosThrottling, ...) to a percentage.
	Probability map[string]float64 `json:"probability"`
	// LatencyMS is the delay ChaosLatency adds, in milliseconds; zero
	// means 2000.
	LatencyMS int `json:"latencyMs"`
}

// maxLatency bounds injected latency.
const maxLatency = 5 * time.Minute

// validate checks classes and ranges.
func (c Chaos) validate() error {
	for class, p := range c.Probability {
		known := false
		for _, k := range ChaosClasses {
			known = known || k == class
		}
		if !known {
			return fmt.Errorf("unknown chaos class %q; the classes are %s", clipString(class), strings.Join(ChaosClasses, ", "))
		}
		if p < 0 || p > 100 || p != p {
			return fmt.Errorf("the probability of %s must be between 0 and 100", class)
		}
	}
	if c.LatencyMS < 0 || time.Duration(c.LatencyMS)*time.Millisecond > maxLatency {
		return fmt.Errorf("latencyMs must be between 0 and %d", maxLatency.Milliseconds())
	}
	return nil
}

// clipString cuts s to 32 bytes for an error message.
func clipString(s string) string {
	if len(s) > 32 {
		return s[:32] + "…"
	}
	return s
}

// chaosState holds the current setting and counts what it injected.
type chaosState struct {
	roll func() float64

	mu       sync.Mutex
	setting  Chaos
	injected map[string]*atomic.Int64
}

func newChaosState(roll func() float64) *chaosState {
	if roll == nil {
		roll = func() float64 { return rand.Float64() * 100 }
	}
	c := &chaosState{roll: roll, injected: map[string]*atomic.Int64{}, setting: Chaos{Probability: map[string]float64{}}}
	for _, k := range ChaosClasses {
		c.injected[k] = new(atomic.Int64)
	}
	return c
}

// get returns a copy of the setting.
func (c *chaosState) get() Chaos {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := Chaos{Probability: map[string]float64{}, LatencyMS: c.setting.LatencyMS}
	for _, k := range ChaosClasses {
		out.Probability[k] = c.setting.Probability[k]
	}
	return out
}

// set replaces the setting.
func (c *chaosState) set(s Chaos) {
	p := map[string]float64{}
	for k, v := range s.Probability {
		p[k] = v
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.setting = Chaos{Probability: p, LatencyMS: s.LatencyMS}
}

// pick rolls the dice for one send: the error class that fires (or "") and
// the latency to add.
func (c *chaosState) pick() (string, time.Duration) {
	s := c.get()
	var delay time.Duration
	if p := s.Probability[ChaosLatency]; p > 0 && c.roll() < p {
		ms := s.LatencyMS
		if ms == 0 {
			ms = 2000
		}
		delay = time.Duration(ms) * time.Millisecond
		c.injected[ChaosLatency].Add(1)
	}
	for _, k := range ChaosClasses {
		if k == ChaosLatency {
			continue
		}
		if p := s.Probability[k]; p > 0 && c.roll() < p {
			c.injected[k].Add(1)
			return k, delay
		}
	}
	return "", delay
}

// aliyunFault is the fault function the Aliyun emulator applies to each
// request.
func (c *chaosState) aliyunFault(r aliyuntest.Request) aliyuntest.Fault {
	if r.Action != "SendSms" && r.Action != "SendBatchSms" && r.Action != aliyuntest.ActionSendSmsVerifyCode {
		return aliyuntest.Fault{}
	}
	class, delay := c.pick()
	f := aliyuntest.Fault{Delay: delay}
	switch class {
	case ChaosThrottling:
		f.Kind = aliyuntest.FaultThrottling
	case ChaosNumberLimit:
		f.Kind, f.Code, f.Message = aliyuntest.FaultError, "isv.BUSINESS_LIMIT_CONTROL", "触发分钟级流控Permits:1"
	case ChaosInvalidNumber:
		f.Kind, f.Code, f.Message = aliyuntest.FaultError, "isv.MOBILE_NUMBER_ILLEGAL", "非法手机号"
	case ChaosSignRefused:
		f.Kind, f.Code, f.Message = aliyuntest.FaultError, "isv.SMS_SIGNATURE_ILLEGAL", "该账号下找不到对应签名"
	case ChaosTemplateRefused:
		f.Kind, f.Code, f.Message = aliyuntest.FaultError, "isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板"
	case ChaosOutOfBalance:
		f.Kind, f.Code, f.Message = aliyuntest.FaultError, "isv.AMOUNT_NOT_ENOUGH", "账户余额不足"
	case ChaosDropAfterAccept:
		f.Kind = aliyuntest.FaultDropAfterAccept
	}
	return f
}

// twilioFault is the fault function the Twilio emulator applies to each
// request.
func (c *chaosState) twilioFault(r twiliotest.Request) twiliotest.Fault {
	if r.Method != http.MethodPost || !strings.HasSuffix(r.Path, "/Messages.json") && !strings.HasSuffix(r.Path, "/Verifications") {
		return twiliotest.Fault{}
	}
	class, delay := c.pick()
	var f twiliotest.Fault
	switch class {
	case ChaosThrottling:
		f = twiliotest.Fault{Status: 429, Code: 20429, RetryAfter: time.Second}
	case ChaosNumberLimit:
		f = twiliotest.Fault{Status: 429, Code: 14107, Message: "Message rate exceeded for this recipient"}
	case ChaosInvalidNumber:
		f = twiliotest.Fault{Status: 400, Code: 21211, Message: "The 'To' number is not a valid phone number."}
	case ChaosSignRefused:
		f = twiliotest.Fault{Status: 400, Code: 21606, Message: "The 'From' phone number provided is not a valid message-capable Twilio phone number for this destination/account."}
	case ChaosTemplateRefused:
		f = twiliotest.Fault{Status: 400, Code: 30007, Message: "Message filtered"}
	case ChaosOutOfBalance:
		f = twiliotest.Fault{Status: 401, Code: 20005, Message: "Account not active"}
	case ChaosDropAfterAccept:
		f = twiliotest.Fault{Create: true, Drop: twiliotest.DropAfterCreate}
	}
	if delay > 0 && f.Drop == twiliotest.NoDrop {
		f.Stall = func(ctx context.Context) {
			t := time.NewTimer(delay)
			defer t.Stop()
			select {
			case <-t.C:
			case <-ctx.Done():
			}
		}
		if !f.Create && f.Status == 0 {
			f.Create = true // latency alone: handle the request normally
		}
	}
	return f
}
