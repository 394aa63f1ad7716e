package sms_test

import (
	"context"
	"errors"
	"sort"
	"testing"

	"github.com/nyaruka/phonenumbers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/smstest"
)

// conformanceTemplateCode is the emulator's template for the suite's
// "conformance" template: a notification with the suite's two variables.
const conformanceTemplateCode = "SMS_100000001"

// TestContractAliyun runs the conformance suite against the Aliyun provider
// and the emulator in package aliyuntest, over loopback.
func TestContractAliyun(t *testing.T) {
	smstest.Run(t, newAliyunHarness)
}

func newAliyunHarness(t *testing.T) *smstest.Harness {
	srv := aliyuntest.NewServer(aliyuntest.Options{
		Templates: map[string]aliyuntest.Template{
			conformanceTemplateCode: {Text: "验证码${code}，${name}", Kind: aliyuntest.Notification},
		},
	})
	t.Cleanup(srv.Close)
	sender, err := aliyun.New(aliyun.Options{
		AccessKeyID:     aliyuntest.TestAccessKeyID,
		AccessKeySecret: aliyuntest.TestAccessKeySecret,
		Endpoint:        srv.URL,
		SignName:        aliyuntest.DefaultSignName,
		Templates: []sms.Template{{
			Name:  smstest.DefaultTemplate,
			Kind:  sms.KindNotification,
			Codes: map[string]string{"aliyun": conformanceTemplateCode},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sender.CloseIdleConnections)
	fault := func(kind aliyuntest.FaultKind) func(bool) {
		return func(on bool) {
			srv.ClearFaults()
			if on {
				srv.SetFaults(func(aliyuntest.Request) aliyuntest.Fault { return aliyuntest.Fault{Kind: kind} })
			}
		}
	}
	return &smstest.Harness{
		Sender:   sender,
		Provider: aliyun.Name,
		Received: func() []sms.Message {
			var got []sms.Message
			for _, m := range srv.Messages() {
				template := m.TemplateCode
				if template == conformanceTemplateCode {
					template = smstest.DefaultTemplate
				}
				got = append(got, sms.Message{To: m.E164, Template: template, Params: m.Params, Reference: m.OutID})
			}
			return got
		},
		Outage:   fault(aliyuntest.FaultSystemError),
		Throttle: fault(aliyuntest.FaultThrottling),
		Hold: holdWith(func(stall func(context.Context)) {
			srv.QueueFault(aliyuntest.Fault{Hold: stall})
		}),
	}
}

// TestContractAliyunNumbers: no number reaches the emulator, which reads
// numbers as Aliyun does, as a different number. Every country code whose
// Aliyun form collides with a mainland number (calling code 1: every NANP
// region) and every mainland number that is not a mobile number is refused
// before any request; every other region's example numbers arrive as
// themselves.
func TestContractAliyunNumbers(t *testing.T) {
	const domestic, international = "SMS_100000002", "SMS_100000003"
	srv := aliyuntest.NewServer(aliyuntest.Options{
		Limits: aliyuntest.Limits{Disabled: true},
		Templates: map[string]aliyuntest.Template{
			domestic:      {Text: "验证码${code}", Kind: aliyuntest.Verification},
			international: {Text: "Code ${code}", Kind: aliyuntest.International},
		},
	})
	t.Cleanup(srv.Close)
	sender, err := aliyun.New(aliyun.Options{
		AccessKeyID:     aliyuntest.TestAccessKeyID,
		AccessKeySecret: aliyuntest.TestAccessKeySecret,
		Endpoint:        srv.URL,
		SignName:        aliyuntest.DefaultSignName,
		Templates: []sms.Template{
			{Name: "code", Kind: sms.KindVerification, Codes: map[string]string{"aliyun": domestic}},
			{Name: "code_intl", Kind: sms.KindInternational, Codes: map[string]string{"aliyun": international}},
		},
	})
	require.NoError(t, err)
	t.Cleanup(sender.CloseIdleConnections)

	send := func(t *testing.T, p sms.Phone) error {
		template := "code_intl"
		if p.Region == "CN" {
			template = "code"
		}
		_, err := sender.Send(context.Background(), sms.Message{To: p.E164(), Template: template,
			Params: map[string]string{"code": "1234"}})
		return err
	}
	refuse := func(t *testing.T, p sms.Phone) {
		t.Helper()
		before := srv.Requests("SendSms")
		err := send(t, p)
		require.Error(t, err, p.Region)
		assert.True(t, errors.Is(err, aliyun.ErrAmbiguousNumber), "%s: %v", p.Region, err)
		assert.True(t, sms.IsNotAccepted(err))
		assert.Equal(t, before, srv.Requests("SendSms"), "%s: refused before any request", p.Region)
	}

	// Every region of calling code 1, with every example number it has.
	nanp := phonenumbers.GetRegionCodesForCountryCode(1)
	sort.Strings(nanp)
	require.Len(t, nanp, 25)
	for _, region := range nanp {
		t.Run("+1/"+region, func(t *testing.T) {
			n := 0
			for _, ex := range examples(region) {
				refuse(t, ex)
				n++
			}
			require.NotZero(t, n, "no example number for %s", region)
		})
	}
	// Mainland numbers that are not mobile numbers.
	t.Run("+86 not mobile", func(t *testing.T) {
		for _, number := range []string{"+86 20 5724 7484", "+86 10 6552 9988", "+86 755 1234 5678", "+86 400 123 4567"} {
			p, err := sms.ParsePhone(number, "")
			require.NoError(t, err, number)
			refuse(t, p)
		}
	})
	// Everyone else arrives as themselves: what the emulator read (E164)
	// is what was sent.
	t.Run("others", func(t *testing.T) {
		sent := 0
		for region := range phonenumbers.GetSupportedRegions() {
			if phonenumbers.GetCountryCodeForRegion(region) == 1 {
				continue
			}
			for _, p := range examples(region) {
				mobile := p.Region != "CN" || len(p.National) == 11 && p.National[0] == '1'
				if !mobile {
					continue
				}
				err := send(t, p)
				if err != nil {
					// Only the emulator's mainland-mobile rule (1[3-9]) may
					// refuse a number libphonenumber finds valid.
					require.Equal(t, "CN", p.Region, "%s: %v", p.E164(), err)
					continue
				}
				sent++
				got, ok := srv.LastMessageTo(aliyunForm(p))
				require.True(t, ok, p.E164())
				assert.Equal(t, p.E164(), got.E164, "%s arrived as another number", p.Region)
			}
		}
		assert.Greater(t, sent, 200)
	})
}

// examples returns the valid example numbers of every type of region.
func examples(region string) []sms.Phone {
	var out []sms.Phone
	seen := map[string]bool{}
	for _, typ := range []phonenumbers.PhoneNumberType{phonenumbers.MOBILE, phonenumbers.FIXED_LINE,
		phonenumbers.FIXED_LINE_OR_MOBILE, phonenumbers.TOLL_FREE, phonenumbers.PERSONAL_NUMBER, phonenumbers.VOIP} {
		ex := phonenumbers.GetExampleNumberForType(region, typ)
		if ex == nil {
			continue
		}
		p, err := sms.ParsePhone(phonenumbers.Format(ex, phonenumbers.E164), "")
		if err != nil || seen[p.E164()] {
			continue
		}
		seen[p.E164()] = true
		out = append(out, p)
	}
	return out
}

// aliyunForm is how the emulator files a number: mainland numbers by their
// national digits, others by country code and number.
func aliyunForm(p sms.Phone) string {
	if p.CountryCode == 86 {
		return p.National
	}
	return p.E164()[1:]
}
