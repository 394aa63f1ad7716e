package aliyun

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
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
// successful send allocates nothing but the list of the call's secrets (it
// used to cost 9 allocations more: the answer decoded by reflection, and a
// BizId checked with a regular expression); and the checks still refuse
// what shows a secret.
func TestSuccessCostsOnlyTheSecrets(t *testing.T) {
	d := successCall(t)
	resp := okResponse(t, http.StatusOK, okJSON)
	res, err := readAnswer(resp.BaseResponse).sendResult(d)
	require.NoError(t, err)
	assert.Equal(t, sms.Result{Provider: Name, MessageID: "900619746936498440^0",
		RequestID: "F655A8D5-B967-440B-8683-DAD6FF8DE990"}, res)
	listing := testing.AllocsPerRun(100, func() { _ = d.list() })
	assert.Equal(t, listing, testing.AllocsPerRun(100, func() {
		if _, err := readAnswer(resp.BaseResponse).sendResult(d); err != nil {
			t.Fatal(err)
		}
	}))

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
