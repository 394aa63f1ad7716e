package redact

import (
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCredentialInMatchesBruteForce compares InID's credential rule (the
// gram filter and the id's byte set) with the rule as written: some
// MinCredentialFragment bytes in a row of the credential equal, ignoring
// ASCII case, bytes of the id. Ids and credentials are drawn from small
// alphabets, so that matches and near misses are common.
func TestCredentialInMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabets := []string{"abAB01-", "0123456789", "0123456789ABCDEF-", "aZ9+/=%", "abcdefghijklmnopqrstuvwxyz0123456789"}
	word := func(alpha string, n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alpha[rng.IntN(len(alpha))]
		}
		return string(b)
	}
	brute := func(id, c string) bool {
		if len(c) < MinCredentialFragment {
			return c != "" && strings.Contains(strings.ToLower(id), strings.ToLower(c))
		}
		for i := 0; i+MinCredentialFragment <= len(c); i++ {
			if strings.Contains(strings.ToLower(id), strings.ToLower(c[i:i+MinCredentialFragment])) {
				return true
			}
		}
		return false
	}
	found := 0
	for range 20000 {
		alpha := alphabets[rng.IntN(len(alphabets))]
		id := word(alpha, 1+rng.IntN(48))
		c := word(alpha, 1+rng.IntN(40))
		if rng.IntN(4) == 0 && len(id) >= MinCredentialFragment { // plant a fragment of the id, case changed
			at := rng.IntN(len(id) - MinCredentialFragment + 1)
			c = c[:rng.IntN(len(c)+1)] + strings.ToUpper(id[at:at+MinCredentialFragment]) + word(alpha, rng.IntN(8))
		}
		var keys [64]uint64
		g := newIDGrams(id, keys[:0])
		want := brute(id, c)
		require.Equal(t, want, g.credentialIn(c), "id %q credential %q", id, c)
		if want {
			found++
		}
	}
	require.Greater(t, found, 2000, "the test must exercise matches")
}

// TestAddFormsMatchesEncodings checks that a credential or value is recorded
// in exactly the forms net/url gives it, in order, without repeats, also
// when it needs no encoding (recorded once).
func TestAddFormsMatchesEncodings(t *testing.T) {
	for _, v := range []string{"LTAIkeyXYZ123", "a-b_c.d~e", "ab+cd/ef==", "a b", "张三李四", "x%41y", "~", "0123456789abcdef"} {
		var want Secrets
		once := url.QueryEscape(v)
		for _, form := range []string{v, once, url.PathEscape(v), url.QueryEscape(once), strings.ReplaceAll(once, "+", "%20")} {
			want.add(Credential, form)
		}
		var got Secrets
		got.AddCredential(v)
		require.Equal(t, want, got, "%q", v)
	}
}
