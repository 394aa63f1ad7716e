package redact_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/smskit/sms/internal/redact"
)

// TestInID checks the rule for ids: fragments of credentials, values and
// long enough codes whole, and runs of minDigits digits of a known number
// are refused; other digits are not.
func TestInID(t *testing.T) {
	var call redact.Secrets // a call as Aliyun lists it
	call.AddCredential("LTAIkeyXYZ123")
	call.AddCredential("s3cretValue99")
	call.AddNumber("+8613800138000")
	call.AddNumber("13800138000")
	call.AddValue("583920")
	call.AddValue("张三")
	call.AddValue("ab")
	token := redact.Secrets{ // a call as Twilio checks its request ids
		{Kind: redact.Credential, Text: "0123456789abcdef0123456789abcdef"},
		{Kind: redact.Number, Text: "4155552671"},
	}
	tests := []struct {
		name      string
		sec       redact.Secrets
		id        string
		minDigits int
		want      bool
	}{
		{"random request id", call, "F655A8D5-B967-440B-8683-DAD6FF8DE990", redact.MinNumberFragment, false},
		{"the number", call, "13800138-B967-440B-8683-DAD6FF8DE990", redact.MinNumberFragment, true},
		{"four digits of the number", call, "F655A8D5-B967-440B-8683-DAD6FF800130", redact.MinNumberFragment, true},
		{"four digits across a separator", call, "F655A8D5-B967-440B-8001-3AD6FF8DE990", redact.MinNumberFragment, true},
		{"three digits of the number", call, "F655A8D5-B967-440B-8683-DAD6FF8DE138", redact.MinNumberFragment, false},
		{"a credential fragment, other case", call, "F655A8D5-KEYXYZ-8683", redact.MinNumberFragment, true},
		{"five bytes of a credential", call, "F655A8D5-KEYXY-8683", redact.MinNumberFragment, false},
		{"the code", call, "F655A8D5-B967-440B-8683-583920FF8DE9", redact.MinNumberFragment, true},
		{"a value", call, "id-张三", redact.MinNumberFragment, true},
		{"a short value", call, "id-ab", redact.MinNumberFragment, false},
		{"minDigits below the fragment", call, "F655A8D5-B967-440B-8683-DAD6FF8DE138", 1, false},
		// Numeric ids: only the whole number, and no code.
		{"digits of the number in a BizId", call, "900613800138440^0", redact.WholeNumbers, false},
		{"the number in a BizId", call, "900613800138000^0", redact.WholeNumbers, true},
		{"the code in a BizId", call, "900619583920498440^0", redact.WholeNumbers, false},
		{"a credential in a BizId", call, "9006LTAIkey^0", redact.WholeNumbers, true},
		// Seven digits, as Twilio checks its hexadecimal request ids.
		{"counting id", token, "RQ00000000000000000000000000000001", redact.MinNumberDigits, false},
		{"token fragment, upper case", token, "RQ0000000000000000000000000089ABCD", redact.MinNumberDigits, true},
		{"five bytes of the token", token, "RQ000000000000000000000000000089ab", redact.MinNumberDigits, false},
		{"seven digits of the number", token, "RQ00000000000000000000000005552671", redact.MinNumberDigits, true},
		{"six digits of the number", token, "RQ00000000000000000000000000552671", redact.MinNumberDigits, false},
		{"a code shorter than minDigits", redact.Secrets{{Kind: redact.Code, Text: "493817"}}, "RQ000493817", redact.MinNumberDigits, false},
		{"a code of minDigits", redact.Secrets{{Kind: redact.Code, Text: "4938170"}}, "RQ0004938170", redact.MinNumberDigits, true},
		// Secrets written by hand.
		{"a number with separators", redact.Secrets{{Kind: redact.Number, Text: "+1 415 555 2671"}}, "RQ5552671", redact.MinNumberDigits, true},
		{"a short credential, whole", redact.Secrets{{Kind: redact.Credential, Text: "Ab1"}}, "xxAB1x", redact.MinNumberFragment, true},
		{"empty secrets match nothing", redact.Secrets{{Kind: redact.Credential}, {Kind: redact.Value}, {Kind: redact.Number}, {Kind: redact.Code}}, "RQ1", redact.MinNumberFragment, false},
		{"a long id", call, "F655A8D5-B967-440B-8683-DAD6FF8DE990-F655A8D5-B967-440B-8683-DAD6FF8DE990-keyxyz", redact.MinNumberFragment, true},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.sec.InID(tt.id, tt.minDigits), tt.name)
		// The list in two parts, split anywhere: the same answer.
		for cut := range len(tt.sec) + 1 {
			assert.Equal(t, tt.want, redact.InID(tt.id, tt.minDigits, tt.sec[:cut], tt.sec[cut:]), "%s, cut at %d", tt.name, cut)
		}
	}
	assert.False(t, redact.InID("F655A8D5", redact.MinNumberFragment), "no lists, no secrets")
}

func TestInIDAllocatesNothing(t *testing.T) {
	var sec redact.Secrets
	sec.AddCredential("LTAI5tBcXyZ9QwErTy12")
	sec.AddCredential("Zx+8kQ/3mW9pL2nR7vT1yB6cD4=")
	sec.AddNumber("+8613800138000")
	sec.AddValue("472913")
	sec.AddValue("张三")
	singles := strings.Repeat("1a", 31) + "11" // 64 bytes, 32 numbers: 65 digits and spaces
	allocs := testing.AllocsPerRun(100, func() {
		_ = sec.InID("F655A8D5-B967-440B-8683-DAD6FF8DE990", redact.MinNumberFragment)
		_ = sec.InID("900619746936498440^0", redact.WholeNumbers)
		_ = sec.InID(singles, redact.MinNumberFragment)
	})
	assert.Zero(t, allocs)
}

func BenchmarkInID(b *testing.B) {
	sec := callSecrets()
	b.ReportAllocs()
	for b.Loop() {
		_ = sec.InID("F655A8D5-B967-440B-8683-DAD6FF8DE990", redact.MinNumberFragment)
	}
}
