package aliyun

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
)

// randomText returns a string of up to maxLen characters drawn from
// alphabet, deterministic for rng.
func randomText(rng *rand.Rand, alphabet []string, maxLen int) string {
	var b strings.Builder
	for range rng.IntN(maxLen + 1) {
		b.WriteString(alphabet[rng.IntN(len(alphabet))])
	}
	return b.String()
}

// formatAlphabet holds the characters at the edges of the id forms' ranges,
// and others.
var formatAlphabet = strings.Split("0 1 9 a f z A F Z ^ _ - S M . / : ` @ [ { ~ \x00 \n é 中 \xff", " ")

// TestFormatsMatchTheirPatterns: the hand-written form checks decide as the
// regular expressions they replace, which state the forms.
func TestFormatsMatchTheirPatterns(t *testing.T) {
	checks := []struct {
		name    string
		pattern *regexp.Regexp
		check   func(string) bool
		prefix  string
		cases   []string
	}{
		{"BizId", regexp.MustCompile(`^[0-9A-Za-z^_-]{1,64}$`), isBizID, "",
			[]string{"", "900619746936498440^0", strings.Repeat("9", 64), strings.Repeat("9", 65), "a b", "9\n", "é"}},
		{"template code", regexp.MustCompile(`^SMS_[0-9]+$`), isTemplateCode, "SMS_",
			[]string{"", "SMS_", "SMS_1", "SMS_123456789", "sms_1", "SMS_1a", "SMS_1\n", "XSMS_1", "SMS__1"}},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range checks {
		for _, s := range c.cases {
			assert.Equal(t, c.pattern.MatchString(s), c.check(s), "%s %q", c.name, s)
		}
		for range 200_000 {
			s := randomText(rng, formatAlphabet, 70)
			if rng.IntN(2) == 0 {
				s = c.prefix + s
			}
			require.Equal(t, c.pattern.MatchString(s), c.check(s), "%s %q", c.name, s)
		}
	}
}

// TestCheckMessageAllocatesNothing: Aliyun's checks of a message they pass
// cost no allocation (they run on every send).
func TestCheckMessageAllocatesNothing(t *testing.T) {
	templates := []sms.Template{
		{Name: "login_code", Kind: sms.KindVerification, Codes: map[string]string{Name: "SMS_1"}},
		{Name: "notice", Kind: sms.KindNotification, Codes: map[string]string{Name: "SMS_2"}},
	}
	o := Options{SignName: "签名签名", AllowUndeclaredTemplates: true}
	v, err := sms.NewValidator(o.Rules(), templates)
	require.NoError(t, err)
	for _, m := range []sms.Message{
		{To: "+8613912345678", Template: "login_code", Params: map[string]string{"code": "123456"}},
		{To: "13912345678", Template: "notice", Params: map[string]string{"name": "张三", "day": "Monday"}, Sign: "另一个签名"},
		{To: "+8613912345678", Template: "SMS_3", Params: map[string]string{"x": "y"}, Reference: "order-1"},
		{To: "+85251234567", Template: "SMS_4"},
	} {
		p, err := v.Prepare(t.Context(), m)
		require.NoError(t, err, m.Template)
		assert.Zero(t, testing.AllocsPerRun(100, func() {
			if err := checkMessage(p, o.SignName); err != nil {
				t.Fatal(err)
			}
		}), m.Template)
	}
}
