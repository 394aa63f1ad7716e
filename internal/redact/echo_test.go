package redact_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms/internal/redact"
)

// The secrets of one call, as a provider lists them.
const (
	keyID     = "LTAI5tBcXyZ9QwErTy12"             // 20 characters, as the example
	keySecret = "Vq7Lm2Xr9Tz4Kp1Wn8Hs3Jd6Fg0Bc5"   // 30, base62
	authToken = "9f86d081884c7d659a2feaa0c55ad015" // 32, hex
	signature = "Zx+8kQ/3mW9pL2nR7vT1yB6cD4="      // base64, with +, / and =
	recipient = "+8613912345678"
	code      = "472913"
	name      = "张三🎉"
)

func callSecrets() redact.Secrets {
	var sec redact.Secrets
	for _, c := range []string{keyID, keySecret, authToken, signature} {
		sec.AddCredential(c)
	}
	sec.AddNumber(recipient)
	sec.AddValue(code)
	sec.AddValue(name)
	return sec
}

// filler is an ordinary provider error that the secrets are echoed into.
const filler = `InvalidParameter: HTTP 503 from upstream; RequestId=FDEBACDE-ABCD-EFAB; ` +
	`see error 21211 (https://www.twilio.com/docs/errors/21211), retry after 30s.`

// ordinary are texts that must survive redaction with every secret of a
// call listed: error words, request ids made of letters, statuses, codes.
var ordinary = []string{
	filler,
	"HTTP 503 Service Unavailable",
	"InvalidParameter: the 'To' number is not a valid phone number",
	"RequestId: FDEBACDE-ABCD-EFAB-CDEF-ABCDEFABCDEF",
	"isv.BUSINESS_LIMIT_CONTROL: 触发分钟级流控Permits:1",
	`Post "https://dysmsapi.aliyuncs.com/": dial tcp 127.0.0.1:443: connect: connection refused`,
	"json: cannot unmarshal number into Go struct field .Code of type string",
	"context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
	"retry after 30s; 2 attempts; port 8443; version 1.2.3",
	"SignatureDoesNotMatch: Specified signature is not matched with our calculation.",
	"unexpected end of JSON input",
}

func TestOrdinaryTextSurvives(t *testing.T) {
	sec := callSecrets()
	for _, text := range ordinary {
		assert.Equal(t, text, sec.Redact(text))
		assert.False(t, sec.In(text), text)
	}
}

// credentialLeak returns a fragment of MinCredentialFragment bytes of cred
// that lo (a text in lower case) shows, ignoring case, or "".
func credentialLeak(lo, cred string) string {
	for i := 0; i+redact.MinCredentialFragment <= len(cred); i++ {
		if f := strings.ToLower(cred[i : i+redact.MinCredentialFragment]); strings.Contains(lo, f) {
			return f
		}
	}
	return ""
}

// separators are the characters people and formatters write in numbers.
var separators = strings.NewReplacer(" ", "", "-", "", ".", "", "(", "", ")", "", "/", "", "\u00a0", "")

// asciiDigits writes full-width digits as ASCII, independently of the
// package's own table.
func asciiDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, s)
}

// numberLeak returns MinNumberFragment digits of number that out shows,
// separators ignored, or "".
func numberLeak(out, number string) string {
	flat := separators.Replace(asciiDigits(out))
	digits := strings.TrimPrefix(number, "+")
	for i := 0; i+redact.MinNumberFragment <= len(digits); i++ {
		if f := digits[i : i+redact.MinNumberFragment]; strings.Contains(flat, f) {
			return f
		}
	}
	return ""
}

// echoes returns s inserted at every offset of filler.
func echoes(s string) []string {
	out := make([]string, 0, len(filler)+1)
	for i := 0; i <= len(filler); i++ {
		out = append(out, filler[:i]+s+filler[i:])
	}
	return out
}

// checkEcho redacts text, which holds echo at offset, and fails if any
// secret survives or if filler far from the echo did not.
func checkEcho(t *testing.T, sec redact.Secrets, text string, offset int, echo string) {
	t.Helper()
	out := sec.Redact(text)
	require.True(t, utf8.ValidString(out), "%q", out)
	lo := strings.ToLower(out)
	for _, c := range []string{keyID, keySecret, authToken, signature} {
		if f := credentialLeak(lo, c); f != "" {
			t.Fatalf("echo %q at %d: %q of a credential survived: %q", echo, offset, f, out)
		}
	}
	if f := numberLeak(out, recipient); f != "" {
		t.Fatalf("echo %q at %d: digits %s of the number survived: %q", echo, offset, f, out)
	}
	flat := separators.Replace(asciiDigits(out))
	if strings.Contains(out, name) || strings.Contains(flat, code) {
		t.Fatalf("echo %q at %d: a param survived: %q", echo, offset, out)
	}
	// Ordinary text survives away from the echo (digits next to an echoed
	// number join its run, so allow a margin).
	const margin = 12
	if head := filler[:max(0, offset-margin)]; !strings.HasPrefix(out, head) {
		t.Fatalf("echo %q at %d: filler before it was damaged: %q", echo, offset, out)
	}
	if tail := filler[min(len(filler), offset+margin):]; !strings.HasSuffix(out, tail) {
		t.Fatalf("echo %q at %d: filler after it was damaged: %q", echo, offset, out)
	}
}

// TestEchoCredentials echoes each credential, in every URL-encoded form and
// upper and lower case, and every fragment of 6 and of all but one of its
// characters (19 of 20), at every offset of an ordinary error.
func TestEchoCredentials(t *testing.T) {
	sec := callSecrets()
	for _, c := range []string{keyID, keySecret, authToken, signature} {
		var echos []string
		var l redact.Secrets
		l.AddCredential(c)
		for _, form := range l {
			echos = append(echos, form.Text)
		}
		echos = append(echos, strings.ToUpper(c), strings.ToLower(c))
		for _, n := range []int{redact.MinCredentialFragment, len(c) - 1} {
			for i := 0; i+n <= len(c); i++ {
				echos = append(echos, c[i:i+n])
			}
		}
		for _, e := range echos {
			for off, text := range echoes(e) {
				checkEcho(t, sec, text, off, e)
			}
		}
	}
}

// numberForms writes digits the ways people and formatters do.
func numberForms(digits string) []string {
	spaced := func(sep string, every int) string {
		var b strings.Builder
		for i, r := range digits {
			if i > 0 && i%every == 0 {
				b.WriteString(sep)
			}
			b.WriteRune(r)
		}
		return b.String()
	}
	return []string{
		digits, spaced(" ", 3), spaced("-", 4), spaced(") ", 2), spaced("\u00a0", 1),
		asciiToFullWidth(spaced(" ", 4)),
	}
}

func asciiToFullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r - '0' + '０'
		}
		return r
	}, s)
}

// TestEchoNumber echoes the recipient's number whole, in common written
// forms, and every fragment of 4 to all its digits (plain and spaced; those
// of 4 and 6 digits in every form), at every offset of an ordinary error.
func TestEchoNumber(t *testing.T) {
	sec := callSecrets()
	digits := strings.TrimPrefix(recipient, "+")
	echos := []string{recipient, "+86 139 1234 5678", "(+86) 139-1234-5678", "0086 139 1234 5678",
		"%2B8613912345678", "＋８６１３９１２３４５６７８", "+86.139.1234.5678", "+86/139/1234/5678",
		"1 3 9 1 2 3 4 5 6 7 8"}
	for n := redact.MinNumberFragment; n <= len(digits); n++ {
		for i := 0; i+n <= len(digits); i++ {
			f := digits[i : i+n]
			if n == redact.MinNumberFragment || n == 6 {
				echos = append(echos, numberForms(f)...) // "6 digits of the number with spaces"
			} else {
				echos = append(echos, f, numberForms(f)[1])
			}
		}
	}
	for _, e := range echos {
		for off, text := range echoes(e) {
			checkEcho(t, sec, text, off, e)
		}
	}
}

// TestEchoParams echoes the params, the code in written forms, at every
// offset.
func TestEchoParams(t *testing.T) {
	sec := callSecrets()
	echos := append([]string{name, "%E5%BC%A0%E4%B8%89%F0%9F%8E%89"}, numberForms(code)...)
	for _, e := range echos {
		for off, text := range echoes(e) {
			checkEcho(t, sec, text, off, e)
		}
	}
}

// TestUnknownNumbers echoes numbers nobody listed, in written forms, at
// every offset: no seven digits of them survive.
func TestUnknownNumbers(t *testing.T) {
	sec := callSecrets()
	for _, e := range []string{"(415) 555-2671", "+1.415.555.2671", "+44 20 7946 0958", "00 44 20 7946 0958",
		"１３８ ０００ １３８０", "555 2671 41"} {
		for off, text := range echoes(e) {
			out := sec.Redact(text)
			flat := separators.Replace(asciiDigits(out))
			assert.False(t, redact.LongDigitRun(flat, redact.MinNumberDigits), "%q at %d: %q", e, off, out)
		}
	}
}
