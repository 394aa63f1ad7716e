package aliyun

import (
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
)

// secretsCase generates calls, and texts that show parts of them.
type secretsCase struct {
	rng *rand.Rand
}

const (
	alnum     = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	base64Set = alnum + "+/="
	idSet     = "0123456789ABCDEF-"
)

func (g secretsCase) pick(set string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = set[g.rng.IntN(len(set))]
	}
	return string(b)
}

// credential is a credential of the usual form, or now and then a short or
// non-ASCII one.
func (g secretsCase) credential(prefix string) string {
	switch g.rng.IntN(12) {
	case 0:
		return ""
	case 1:
		return g.pick(alnum, 1+g.rng.IntN(5))
	case 2:
		return prefix + g.pick(alnum, 6) + []string{"é", "İ", "K", "\xff"}[g.rng.IntN(4)] + g.pick(alnum, 6)
	}
	return prefix + g.pick(alnum, 16+g.rng.IntN(16))
}

// signedURL is a request URL with a signature in the usual escaped form, or
// in an unusual one.
func (g secretsCase) signedURL(sig string) *url.URL {
	q := "AccessKeyId=x&Action=SendSms"
	switch g.rng.IntN(10) {
	case 0:
		return nil
	case 1: // none
	case 2:
		q += "&Signature=" + strings.ReplaceAll(url.QueryEscape(sig), "%2B", "+") + "&Signature=" + url.QueryEscape(g.pick(base64Set, 28))
	case 3:
		q += "&Signature=" + sig[:len(sig)/2] + "%G" + sig[len(sig)/2:]
	case 4:
		q += "&Signature&Signature="
	case 5:
		q += "&Signature=" + url.QueryEscape(sig+"é")
	case 6:
		q += "&Signature=" + url.QueryEscape(strings.Repeat(sig, 4))
	default:
		q += "&Signature=" + url.QueryEscape(sig) + "&SignatureNonce=" + g.pick(alnum, 12)
	}
	return &url.URL{Scheme: "https", Host: "dysmsapi.aliyuncs.com", Path: "/", RawQuery: q}
}

func (g secretsCase) call() callSecrets {
	sig := g.pick(base64Set, 27) + "="
	c := &call{keyID: g.credential("LTAI"), secret: g.credential(""), url: g.signedURL(sig)}
	if g.rng.IntN(4) == 0 {
		c.token = g.credential("CAIS")
	}
	d := callSecrets{c: c, to: sms.Phone{CountryCode: []int{86, 1, 852, 7, 998}[g.rng.IntN(5)],
		National: g.pick("0123456789", g.rng.IntN(13)), Region: "XX"}}
	if g.rng.IntN(10) == 0 {
		d.c = nil
	}
	d.params = map[string]string{}
	for range g.rng.IntN(4) {
		d.params[g.pick(alnum, 3)] = g.pick(idSet+"xyz", g.rng.IntN(8))
	}
	return d
}

// fragment is a piece of one of d's secrets, in any letter case, or of its
// number with separators.
func (g secretsCase) fragment(d callSecrets) string {
	var from string
	switch g.rng.IntN(6) {
	case 0:
		from = d.to.National
	case 1:
		from = "+" + strconv.Itoa(d.to.CountryCode) + d.to.National
	case 2:
		for _, v := range d.params {
			from = v
		}
	default:
		if d.c != nil {
			from = []string{d.c.keyID, d.c.secret, d.c.token, queryValue(urlQuery(d.c.url), "Signature")}[g.rng.IntN(4)]
		}
	}
	if from == "" {
		return ""
	}
	i := g.rng.IntN(len(from))
	j := min(len(from), i+3+g.rng.IntN(6))
	b := []byte(from[i:j])
	for k := range b {
		switch g.rng.IntN(6) {
		case 0:
			b[k] = lowerASCII(b[k])
		case 1:
			if 'a' <= b[k] && b[k] <= 'z' {
				b[k] -= 'a' - 'A'
			}
		}
	}
	if g.rng.IntN(4) == 0 { // separators between digits
		return strings.Join(strings.Split(string(b), ""), []string{"-", " ", "--", "---", "."}[g.rng.IntN(5)])
	}
	return string(b)
}

func (g secretsCase) text(d callSecrets) string {
	var b strings.Builder
	for b.Len() < 72 && g.rng.IntN(6) != 0 {
		switch g.rng.IntN(5) {
		case 0:
			b.WriteString(g.fragment(d))
		case 1:
			b.WriteString(g.pick(alnum+"^_- ", 1+g.rng.IntN(8)))
		case 2:
			if g.rng.IntN(8) == 0 {
				b.WriteString([]string{"é", "１", "\xff"}[g.rng.IntN(3)])
			}
		default:
			b.WriteString(g.pick(idSet, 1+g.rng.IntN(12)))
		}
	}
	return b.String()
}

func urlQuery(u *url.URL) string {
	if u == nil {
		return ""
	}
	return u.RawQuery
}

// TestCallSecretsDecideAsTheList: the checks of a successful send's ids
// against the call as it is decide exactly as the listed secrets do
// (secretsOf), on random calls and on texts made of their fragments; the
// quick path decides most of them.
func TestCallSecretsDecideAsTheList(t *testing.T) {
	g := secretsCase{rng: rand.New(rand.NewPCG(10, 1))}
	n := 60_000
	if testing.Short() {
		n = 10_000
	}
	var quick, shown int
	for range n {
		d := g.call()
		list := d.list()
		for _, text := range []string{g.text(d), g.pick(idSet, 36), g.fragment(d)} {
			if s, ok := d.quickShownIn(text); ok {
				quick++
				if s {
					shown++
				}
				require.Equal(t, list.shownIn(text), s, "shownIn %q of %+v", text, d)
			}
			if s, ok := d.quickIDShows(text); ok {
				require.Equal(t, list.idShows(text), s, "idShows %q of %+v", text, d)
			}
			require.Equal(t, list.shownIn(text), d.shownIn(text))
			require.Equal(t, list.idShows(text), d.idShows(text))
			require.Equal(t, safeRequestID(text, list), d.requestID(text))
		}
	}
	assert.Greater(t, quick, 3*n*3/4, "the quick path decides most texts")
	assert.Greater(t, shown, n/4, "and finds secrets in many")
}

// TestAppendQueryValue: appendQueryValue returns what queryValue returns.
func TestAppendQueryValue(t *testing.T) {
	for _, q := range []string{
		"", "Signature", "Signature=", "a=1&Signature=abc%2B%2F%3D&Signature=2", "Signature=a+b", "Signature=%",
		"Signature=%2", "Signature=%zz", "Signature=%C3%A9", "x=%G&Signature=ok", "Signature=a=b", "signature=x",
		"&&Signature=%41%61", "Signature=%2b",
	} {
		assert.Equal(t, queryValue(q, "Signature"), string(appendQueryValue(nil, q, "Signature")), q)
	}
}

// successCall is the call of a successful send, with a token and a signed
// URL.
func successCall(t testing.TB) callSecrets {
	u, err := url.Parse("https://dysmsapi.aliyuncs.com/?AccessKeyId=LTAI5tQ8vNzXw3Kp9RmY&Action=SendSms" +
		"&Signature=Zx3%2Bq9P1k%2FaB7cD2eF4gH6iJ8kE%3D&SignatureNonce=abc")
	require.NoError(t, err)
	return callSecrets{
		c:      &call{keyID: "LTAI5tQ8vNzXw3Kp9RmY", secret: "k7QzP3xW9mLt2VbN8rYcJ4hD6fGs1a", token: "CAIS9xq2LmN", url: u},
		to:     sms.Phone{CountryCode: 86, National: "13912345678", Region: "CN"},
		params: map[string]string{"code": "123456"},
	}
}

// TestSendResultAllocatesNothing: checking the ids of Aliyun's answer to a
// successful send costs no allocation (it used to build the list of the
// call's secrets for every answer, and lower-case the BizId).
func TestSendResultAllocatesNothing(t *testing.T) {
	d := successCall(t)
	a := answer{status: 200, shaped: true, code: codeOK, requestID: "F655A8D5-B967-440B-8683-DAD6FF8DE990",
		bizID: "900619746936498440^0"}
	res, err := a.sendResult(d)
	require.NoError(t, err)
	assert.Equal(t, sms.Result{Provider: Name, MessageID: a.bizID, RequestID: a.requestID}, res)
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		if _, err := a.sendResult(d); err != nil {
			t.Fatal(err)
		}
	}))
	// The checks still refuse what shows a secret.
	for _, id := range []string{"9006197469364984" + "13912345678", "LTAI5tQ8vN^0", "AB7CD2eF^0"} {
		a := a
		a.bizID = id
		_, err := a.sendResult(d)
		require.Error(t, err, id)
	}
	a.requestID = "F655A8D5-B967-440B-8683-DAD6FF813912"
	res, err = a.sendResult(d)
	require.NoError(t, err)
	assert.Empty(t, res.RequestID, "a request id with four digits of the number in a row is dropped")
}

// okResponse is an SDK response holding the HTTP answer status, body.
func okResponse(t testing.TB, status int, body string) *responses.CommonResponse {
	resp := responses.NewCommonResponse()
	hr := &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body))}
	_ = responses.Unmarshal(resp, hr, "JSON") // an error answer is an error here
	require.Equal(t, status, resp.GetHttpStatus())
	return resp
}

// TestSuccessAllocatesNothing: reading and checking Aliyun's answer to a
// successful send costs no allocation (it used to cost about twenty: the
// answer decoded by reflection, the ids checked with regular expressions
// and against a list of the call's secrets built for every answer).
func TestSuccessAllocatesNothing(t *testing.T) {
	d := successCall(t)
	resp := okResponse(t, http.StatusOK, okJSON)
	res, err := readAnswer(resp.BaseResponse).sendResult(d)
	require.NoError(t, err)
	assert.Equal(t, sms.Result{Provider: Name, MessageID: "900619746936498440^0",
		RequestID: "F655A8D5-B967-440B-8683-DAD6FF8DE990"}, res)
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		if _, err := readAnswer(resp.BaseResponse).sendResult(d); err != nil {
			t.Fatal(err)
		}
	}))
}
