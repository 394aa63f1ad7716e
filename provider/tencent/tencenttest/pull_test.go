package tencenttest_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"

	"github.com/smskit/sms/provider/tencent/tencenttest"
)

// call sends action with params and returns the answer's Response.
func call(t *testing.T, c *common.Client, action string, params map[string]any) map[string]any {
	t.Helper()
	req := tchttp.NewCommonRequest("sms", tencenttest.Version, action)
	require.NoError(t, req.SetActionParameters(params))
	resp := tchttp.NewCommonResponse()
	require.NoError(t, c.Send(req, resp))
	var out struct{ Response map[string]any }
	require.NoError(t, json.Unmarshal(resp.GetBody(), &out))
	return out.Response
}

// TestPulls: PullSmsSendStatus pops the receipt queue; PullSmsSendStatusByPhoneNumber
// searches one number's receipts and leaves them.
func TestPulls(t *testing.T) {
	srv := tencenttest.NewServer(tencenttest.Options{Templates: templates})
	defer srv.Close()
	c := newClient(srv, nil)
	sendSms(t, c, sample("+8613800138000"))
	sendSms(t, c, sample("+8613900139000"))
	msgs := srv.Messages()
	require.Len(t, msgs, 2)

	got := call(t, c, "PullSmsSendStatusByPhoneNumber", map[string]any{"PhoneNumber": "+8613900139000",
		"SmsSdkAppId": tencenttest.TestSmsSdkAppID, "BeginTime": msgs[0].Time.Unix() - 60, "Offset": 0, "Limit": 10})
	set := got["PullSmsSendStatusSet"].([]any)
	require.Len(t, set, 1)
	r := set[0].(map[string]any)
	assert.Equal(t, msgs[1].SerialNo, r["SerialNo"])
	assert.Equal(t, "SUCCESS", r["ReportStatus"])

	got = call(t, c, "PullSmsSendStatus", map[string]any{"SmsSdkAppId": tencenttest.TestSmsSdkAppID, "Limit": 1})
	assert.Len(t, got["PullSmsSendStatusSet"], 1)
	got = call(t, c, "PullSmsSendStatus", map[string]any{"SmsSdkAppId": tencenttest.TestSmsSdkAppID, "Limit": 100})
	assert.Len(t, got["PullSmsSendStatusSet"], 1, "the first was popped")
	got = call(t, c, "PullSmsSendStatus", map[string]any{"SmsSdkAppId": tencenttest.TestSmsSdkAppID, "Limit": 100})
	assert.Len(t, got["PullSmsSendStatusSet"], 0)
}

// TestFaults: a queued fault acts once, before or after acceptance.
func TestFaults(t *testing.T) {
	srv := tencenttest.NewServer(tencenttest.Options{Templates: templates, Limits: tencenttest.Limits{Disabled: true}})
	defer srv.Close()
	c := newClient(srv, nil)
	srv.QueueFault(tencenttest.Fault{Code: "FailedOperation.InsufficientBalanceInSmsPackage"},
		tencenttest.Fault{Code: "LimitExceeded.PhoneNumberDailyLimit", PerNumber: true},
		tencenttest.Fault{Code: "InternalError.Timeout", Accept: true})
	got := sendSms(t, c, sample("+8613800138000"))
	assert.Contains(t, got["SDKError"], "InsufficientBalanceInSmsPackage")
	got = sendSms(t, c, sample("+8613800138000"))
	assert.Equal(t, "LimitExceeded.PhoneNumberDailyLimit", got["SendStatusSet"].([]any)[0].(map[string]any)["Code"])
	assert.Zero(t, srv.Accepted())
	got = sendSms(t, c, sample("+8613800138000"))
	assert.Contains(t, got["SDKError"], "InternalError.Timeout")
	assert.Equal(t, 1, srv.Accepted(), "accepted, then the fault answered")
	got = sendSms(t, c, sample("+8613800138000"))
	assert.NotNil(t, got["SendStatusSet"], "the queue is empty")
	assert.Equal(t, 4, srv.Requests("SendSms"))
}
