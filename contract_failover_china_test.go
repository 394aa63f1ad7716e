package sms_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/provider/tencent"
	"github.com/smskit/sms/provider/tencent/tencenttest"
	"github.com/smskit/sms/route"
)

// chinaLoginCode is declared once for both mainland providers: Aliyun's
// template code and sign, Tencent's template id (its sign is the Sender's
// SignName), and the Text whose one variable is Tencent's {1}.
var chinaLoginCode = sms.Template{
	Name:  "login_code",
	Kind:  sms.KindVerification,
	Text:  "您的验证码是${code}",
	Codes: map[string]string{aliyun.Name: "SMS_100000001", tencent.Name: "100001"},
	Signs: map[string]string{aliyun.Name: aliyuntest.DefaultSignName},
}

// chinaPair is an Aliyun and a Tencent emulator behind a router that sends
// +86 numbers to Aliyun first and fails over to Tencent.
type chinaPair struct {
	aliyunSrv  *aliyuntest.Server
	tencentSrv *tencenttest.Server
	router     *route.Router
}

func newChinaPair(t *testing.T) chinaPair {
	t.Helper()
	aSrv := aliyuntest.NewServer(aliyuntest.Options{
		Limits: aliyuntest.Limits{Disabled: true},
		Templates: map[string]aliyuntest.Template{
			"SMS_100000001": {Text: "您的验证码是${code}", Kind: aliyuntest.Verification},
		},
	})
	t.Cleanup(aSrv.Close)
	tSrv := tencenttest.NewServer(tencenttest.Options{
		Limits: tencenttest.Limits{Disabled: true},
		Templates: map[string]tencenttest.Template{
			"100001": {Text: "您的验证码是{1}", Kind: tencenttest.Verification},
		},
	})
	t.Cleanup(tSrv.Close)
	templates := []sms.Template{chinaLoginCode}
	a, err := aliyun.New(aliyun.Options{AccessKeyID: aliyuntest.TestAccessKeyID,
		AccessKeySecret: aliyuntest.TestAccessKeySecret, Endpoint: aSrv.URL, Templates: templates})
	require.NoError(t, err)
	t.Cleanup(a.CloseIdleConnections)
	tc, err := tencent.New(tencent.Options{SecretID: tencenttest.TestSecretID, SecretKey: tencenttest.TestSecretKey,
		SmsSdkAppID: tencenttest.TestSmsSdkAppID, Endpoint: tSrv.URL, SignName: tencenttest.DefaultSignName,
		Templates: templates})
	require.NoError(t, err)
	t.Cleanup(tc.CloseIdleConnections)
	r, err := route.New(route.Options{
		Routes: []route.Route{{Name: "mainland", Prefixes: []string{"+86"}, Targets: []route.Target{
			{Name: aliyun.Name, Sender: a}, {Name: tencent.Name, Sender: tc}}}},
		Templates: templates,
	})
	require.NoError(t, err)
	return chinaPair{aliyunSrv: aSrv, tencentSrv: tSrv, router: r}
}

// accepted counts the messages each emulator accepted for e164.
func (p chinaPair) accepted(e164 string) (ali, ten int) {
	for _, m := range p.aliyunSrv.Messages() {
		if m.E164 == e164 {
			ali++
		}
	}
	for _, m := range p.tencentSrv.Messages() {
		if m.E164 == e164 {
			ten++
		}
	}
	return ali, ten
}

// The faults injected in Aliyun, with whether the router may fail over.
var aliyunChinaFaults = []struct {
	name     string
	fault    aliyuntest.Fault
	failOver bool
}{
	{"none", aliyuntest.Fault{}, false},
	{"outage", aliyuntest.Fault{Kind: aliyuntest.FaultSystemError, Action: "SendSms"}, true},
	{"balance", aliyuntest.Fault{Kind: aliyuntest.FaultError, Action: "SendSms", Code: "isv.AMOUNT_NOT_ENOUGH"}, true},
	{"sign", aliyuntest.Fault{Kind: aliyuntest.FaultError, Action: "SendSms", Code: "isv.SMS_SIGNATURE_ILLEGAL"}, true},
	{"per-number limit", aliyuntest.Fault{Kind: aliyuntest.FaultError, Action: "SendSms", Code: "isv.BUSINESS_LIMIT_CONTROL",
		Message: "触发小时级流控Permits:5"}, false},
	{"bad number", aliyuntest.Fault{Kind: aliyuntest.FaultError, Action: "SendSms", Code: "isv.MOBILE_NUMBER_ILLEGAL"}, false},
	{"drop after accept", aliyuntest.Fault{Kind: aliyuntest.FaultDropAfterAccept, Action: "SendSms"}, false},
	{"drop before accept", aliyuntest.Fault{Kind: aliyuntest.FaultDropBeforeAccept, Action: "SendSms"}, false},
}

// The faults injected in Tencent when the router fails over to it.
var tencentChinaFaults = []struct {
	name  string
	fault tencenttest.Fault
}{
	{"none", tencenttest.Fault{}},
	{"balance", tencenttest.Fault{Code: "FailedOperation.InsufficientBalanceInSmsPackage"}},
	{"template", tencenttest.Fault{Code: "FailedOperation.TemplateIncorrectOrUnapproved", PerNumber: true}},
	{"per-number limit", tencenttest.Fault{Code: "LimitExceeded.PhoneNumberDailyLimit", PerNumber: true}},
	{"delivery timeout after accept", tencenttest.Fault{Code: "InternalError.Timeout", Accept: true}},
	{"drop after accept", tencenttest.Fault{Drop: true, Accept: true}},
	{"drop before accept", tencenttest.Fault{Drop: true}},
}

// TestContractFailoverChina: Aliyun and Tencent serve +86; the router fails
// over from Aliyun to Tencent only on definitely-not-accepted,
// provider-specific failures, and no message is ever accepted twice across
// the two emulators, whatever faults each injects. Every combination of
// faults is tried, in a shuffled order.
func TestContractFailoverChina(t *testing.T) {
	p := newChinaPair(t)
	type combo struct{ a, t int }
	var combos []combo
	for a := range aliyunChinaFaults {
		for tf := range tencentChinaFaults {
			combos = append(combos, combo{a, tf})
		}
	}
	rand.New(rand.NewPCG(16, 2026)).Shuffle(len(combos), func(i, j int) { combos[i], combos[j] = combos[j], combos[i] })

	failedOver := 0
	for i, c := range combos {
		af, tf := aliyunChinaFaults[c.a], tencentChinaFaults[c.t]
		to := fmt.Sprintf("+86137%08d", i)
		name := af.name + " then " + tf.name
		p.aliyunSrv.ClearFaults()
		p.tencentSrv.ClearFaults()
		if af.fault.Kind != aliyuntest.FaultNone {
			p.aliyunSrv.QueueFault(af.fault)
		}
		p.tencentSrv.QueueFault(tf.fault)
		tencentBefore := p.tencentSrv.Requests("SendSms")

		res, err := p.router.Send(context.Background(), sms.Message{To: to, Template: chinaLoginCode.Name,
			Params: map[string]string{"code": "4829"}})
		ali, ten := p.accepted(to)
		tried := p.tencentSrv.Requests("SendSms") > tencentBefore

		assert.LessOrEqual(t, ali+ten, 1, "%s: accepted twice", name)
		assert.Equal(t, af.failOver, tried, "%s: failover to Tencent", name)
		if tried {
			failedOver++
		}
		switch {
		case err == nil:
			assert.Equal(t, 1, ali+ten, "%s: a success is one acceptance", name)
			want := map[bool]string{true: tencent.Name, false: aliyun.Name}[ten == 1]
			assert.Equal(t, want, res.Provider, name)
		case sms.IsNotAccepted(err):
			assert.Zero(t, ali+ten, "%s: reported not accepted but accepted: %v", name, err)
		}
	}
	assert.Greater(t, failedOver, 0)
}
