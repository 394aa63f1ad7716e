package aliyun

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/internal/redact"
)

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

// okResponse is an SDK response holding the HTTP answer status, body.
func okResponse(t testing.TB, status int, body string) *responses.CommonResponse {
	resp := responses.NewCommonResponse()
	hr := &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body))}
	_ = responses.Unmarshal(resp, hr, "JSON") // an error answer is an error here
	require.Equal(t, status, resp.GetHttpStatus())
	return resp
}

// TestSuccessCostsOnlyTheSecrets: reading and checking Aliyun's answer to a
// successful send allocates nothing but the list of the call's own secrets
// (it used to cost 9 allocations more: the answer decoded by reflection, and
// a BizId checked with a regular expression; and the credentials' forms
// were listed on every call: now once per Sender); and the checks still
// refuse what shows a secret.
func TestSuccessCostsOnlyTheSecrets(t *testing.T) {
	d := successCall(t)
	d.creds = &credentialCache{}
	resp := okResponse(t, http.StatusOK, okJSON)
	res, err := readAnswer(resp.BaseResponse).sendResult(d)
	require.NoError(t, err)
	assert.Equal(t, sms.Result{Provider: Name, MessageID: "900619746936498440^0",
		RequestID: "F655A8D5-B967-440B-8683-DAD6FF8DE990"}, res)
	own := testing.AllocsPerRun(100, func() { _ = d.own(nil) })
	success := testing.AllocsPerRun(100, func() {
		if _, err := readAnswer(resp.BaseResponse).sendResult(d); err != nil {
			t.Fatal(err)
		}
	})
	assert.LessOrEqual(t, success, own, "the call's own secrets listed once, the credentials not at all")
	d.creds = nil
	assert.Less(t, success, testing.AllocsPerRun(100, func() { _, _ = readAnswer(resp.BaseResponse).sendResult(d) }))
	d.creds = &credentialCache{}

	a := readAnswer(resp.BaseResponse)
	for _, id := range []string{"9006197469364984" + "13912345678", "LTAI5tQ8vN^0", "AB7CD2eF^0"} {
		a := a
		a.bizID = id
		_, err := a.sendResult(d)
		requireSMSErrorCode(t, err, sms.Unknown)
	}
	a.requestID = "F655A8D5-B967-440B-8683-DAD6FF813912"
	res, err = a.sendResult(d)
	require.NoError(t, err)
	assert.Empty(t, res.RequestID, "a request id with four digits of the number in a row is dropped")
}

// TestAnswersWithoutUseForSecretsListNone: an answer that is not a success,
// or a success whose ids both fail their form, lists no secrets: it costs
// fewer allocations than the list alone.
func TestAnswersWithoutUseForSecretsListNone(t *testing.T) {
	d := successCall(t)
	listing := testing.AllocsPerRun(100, func() { _ = d.list() })
	for _, a := range []answer{
		{status: 502},
		{status: 200, shaped: true, code: codeOK, requestID: "r", bizID: "9006 1974"},
	} {
		_, err := a.sendResult(d)
		require.Error(t, err)
		allocs := testing.AllocsPerRun(100, func() { _, _ = a.sendResult(d) })
		assert.Less(t, allocs, listing, "the *sms.Error and its message only: %+v", a)
	}
}

// requireSMSErrorCode checks that err is an *sms.Error with code.
func requireSMSErrorCode(t *testing.T, err error, code sms.Code) {
	t.Helper()
	e, ok := err.(*sms.Error)
	require.True(t, ok, "%T: %v", err, err)
	assert.Equal(t, code, e.Code)
}

// TestCredentialCacheFollowsTheCredentials: the Sender's listed credentials
// are those of the call being checked, also after a rotation; the ids are
// checked against the same secrets as the whole list's.
func TestCredentialCacheFollowsTheCredentials(t *testing.T) {
	cache := &credentialCache{}
	d := successCall(t)
	d.creds = cache
	first := d.c
	rotated := &call{keyID: "LTAI9zRotatedKeyId77", secret: "Rotated+Secret/Value==", url: first.url}
	for _, c := range []*call{first, rotated, first} {
		d.c = c
		whole := secretsOf(c, d.to, d.params)
		assert.Equal(t, whole, d.list())
		check := d.forIDs()
		for _, id := range []string{c.keyID[3:12], c.secret[2:9], "Rotated%2BSecret", "LTAI5tQ8vNzX", "tQ8vNzXw", "CAIS9xq2",
			"Zx3+q9P1", "zx3%2bq9p1", "8613912345678", "91234", "123456", "F655A8D5-B967-440B-8683-DAD6FF8DE990"} {
			for _, minDigits := range []int{redact.MinNumberFragment, redact.WholeNumbers} {
				assert.Equal(t, whole.InID(id, minDigits), check.InID(id, minDigits), "%q %d", id, minDigits)
			}
		}
	}
	assert.True(t, d.forIDs().InID("tQ8vNzXw", redact.WholeNumbers), "the first credentials again")
	d.c = rotated
	assert.False(t, d.forIDs().InID("tQ8vNzXw", redact.WholeNumbers), "the old key after a rotation")
	assert.True(t, d.forIDs().InID("Rotated%2BSecret", redact.WholeNumbers))
}

// TestCredentialCacheIsHidden: a Sender that has sent keeps its listed
// credentials, behind a func value, where reflection (spew, go-cmp) and fmt
// do not reach them.
func TestCredentialCacheIsHidden(t *testing.T) {
	cache := &credentialCache{}
	d := successCall(t)
	d.creds = cache
	require.NotEmpty(t, d.forIDs().creds)
	require.NotNil(t, cache.last.Load())
	var reached []string
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			reached = append(reached, v.String())
		case reflect.Pointer, reflect.Slice:
			if v.IsNil() {
				return
			}
			if v.Kind() == reflect.Pointer {
				walk(v.Elem())
				return
			}
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i))
			}
		}
	}
	walk(reflect.ValueOf(cache))
	for _, s := range reached {
		assert.NotContains(t, s, d.c.secret)
		assert.NotContains(t, s, d.c.keyID)
	}
	for _, format := range []string{"%v", "%+v", "%#v"} {
		out := fmt.Sprintf(format, cache)
		assert.NotContains(t, out, d.c.secret)
		assert.NotContains(t, out, d.c.keyID)
	}
}

// BenchmarkSuccessAnswer reads and checks Aliyun's answer to a successful
// send: "listed once" with the Sender's credentials listed once for all its
// calls, "listed per call" listing them for this call alone.
func BenchmarkSuccessAnswer(b *testing.B) {
	resp := okResponse(b, http.StatusOK, okJSON)
	for _, bc := range []struct {
		name  string
		cache *credentialCache
	}{{"listed once", &credentialCache{}}, {"listed per call", nil}} {
		b.Run(bc.name, func(b *testing.B) {
			d := successCall(b)
			d.creds = bc.cache
			b.ReportAllocs()
			for b.Loop() {
				if _, err := readAnswer(resp.BaseResponse).sendResult(d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
