package aliyuntest

import (
	"regexp"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/dysmsapi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	bizIDPattern     = regexp.MustCompile(`^[0-9]{18}\^0$`)
	requestIDPattern = regexp.MustCompile(`^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$`)
)

// The official SDK, with its real signing and parsing, in both formats.
func TestSDKSendSms(t *testing.T) {
	for _, format := range []string{"JSON", "XML"} {
		t.Run(format, func(t *testing.T) {
			srv, _ := realClockServer(t, Options{})
			client := newSDK(t, TestAccessKeyID, TestAccessKeySecret)

			req := sdkSendSms(srv, "13800138000,+8613900139000", `{"code":"4321"}`)
			req.AcceptFormat = format
			req.OutId = "order-42"
			req.SmsUpExtendCode = "123"
			resp, err := client.SendSms(req)
			require.NoError(t, err)
			assert.Equal(t, "OK", resp.Code)
			assert.Equal(t, "OK", resp.Message)
			assert.Regexp(t, bizIDPattern, resp.BizId)
			assert.Regexp(t, requestIDPattern, resp.RequestId)

			msgs := srv.Messages()
			require.Len(t, msgs, 2)
			for i, number := range []string{"13800138000", "+8613900139000"} {
				m := msgs[i]
				assert.Equal(t, number, m.PhoneNumber)
				assert.Equal(t, resp.BizId, m.BizID)
				assert.Equal(t, resp.RequestId, m.RequestID)
				assert.Equal(t, "SendSms", m.Action)
				assert.Equal(t, map[string]string{"code": "4321"}, m.Params)
				assert.Equal(t, "order-42", m.OutID)
				assert.Equal(t, "123", m.UpExtendCode)
				assert.Equal(t, "【阿里云短信测试】您正在使用阿里云短信测试服务，体验验证码是：4321，如非本人操作，请忽略本短信！", m.Content)
				assert.Equal(t, StatusDelivered, m.Status)
			}
		})
	}
}

func TestSDKSendBatchSms(t *testing.T) {
	for _, format := range []string{"JSON", "XML"} {
		t.Run(format, func(t *testing.T) {
			srv, _ := realClockServer(t, Options{
				Signs: []string{"签名甲", "签名乙"},
				Templates: map[string]Template{
					"SMS_1": {Text: "${name}，您的订单${order}已发货", Kind: Notification},
				},
			})
			client := newSDK(t, TestAccessKeyID, TestAccessKeySecret)

			req := dysmsapi.CreateSendBatchSmsRequest()
			req.Domain, req.Scheme, req.AcceptFormat = srv.Host, "http", format
			req.PhoneNumberJson = `["13800138000","85291234567"]`
			req.SignNameJson = `["签名甲","签名乙"]`
			req.TemplateCode = "SMS_1"
			req.TemplateParamJson = `[{"name":"张三","order":"A1"},{"name":"李四 👋","order":"B2"}]`
			// A domestic template cannot reach Hong Kong.
			resp, err := client.SendBatchSms(req)
			require.NoError(t, err)
			assert.Equal(t, "isv.DOMESTIC_NUMBER_NOT_SUPPORTED", resp.Code)
			assert.Empty(t, srv.Messages())

			req = dysmsapi.CreateSendBatchSmsRequest()
			req.Domain, req.Scheme, req.AcceptFormat = srv.Host, "http", format
			req.PhoneNumberJson = `["13800138000","8613900139000"]`
			req.SignNameJson = `["签名甲","签名乙"]`
			req.TemplateCode = "SMS_1"
			req.TemplateParamJson = `[{"name":"张三","order":"A1"},{"name":"李四 👋","order":"B2"}]`
			resp, err = client.SendBatchSms(req)
			require.NoError(t, err)
			require.Equal(t, "OK", resp.Code, resp.Message)
			assert.Regexp(t, bizIDPattern, resp.BizId)

			msgs := srv.Messages()
			require.Len(t, msgs, 2)
			assert.Equal(t, "【签名甲】张三，您的订单A1已发货", msgs[0].Content)
			assert.Equal(t, "【签名乙】李四 👋，您的订单B2已发货", msgs[1].Content)
			assert.Equal(t, "SendBatchSms", msgs[1].Action)
			assert.Equal(t, resp.BizId, msgs[1].BizID)
		})
	}
}

func TestSDKQuerySendDetails(t *testing.T) {
	for _, format := range []string{"JSON", "XML"} {
		t.Run(format, func(t *testing.T) {
			srv, clock := realClockServer(t, Options{Receipt: DeliverAfter(time.Minute)})
			client := newSDK(t, TestAccessKeyID, TestAccessKeySecret)

			req := sdkSendSms(srv, "13800138000", `{"code":"2468"}`)
			req.OutId = "ref-1"
			sent, err := client.SendSms(req)
			require.NoError(t, err)
			require.Equal(t, "OK", sent.Code)

			query := func() *dysmsapi.QuerySendDetailsResponse {
				q := dysmsapi.CreateQuerySendDetailsRequest()
				q.Domain, q.Scheme, q.AcceptFormat = srv.Host, "http", format
				q.PhoneNumber = "13800138000"
				q.SendDate = clock.Now().In(beijing).Format("20060102")
				q.PageSize = "10"
				q.CurrentPage = "1"
				q.BizId = sent.BizId
				resp, err := client.QuerySendDetails(q)
				require.NoError(t, err)
				require.Equal(t, "OK", resp.Code)
				return resp
			}

			resp := query()
			assert.Equal(t, "1", resp.TotalCount)
			require.Len(t, resp.SmsSendDetailDTOs.SmsSendDetailDTO, 1)
			d := resp.SmsSendDetailDTOs.SmsSendDetailDTO[0]
			assert.Equal(t, int64(1), d.SendStatus)
			assert.Equal(t, "13800138000", d.PhoneNum)
			assert.Equal(t, DefaultTemplateCode, d.TemplateCode)
			assert.Equal(t, "ref-1", d.OutId)
			assert.Contains(t, d.Content, "2468")
			assert.Equal(t, clock.Now().In(beijing).Format("2006-01-02 15:04:05"), d.SendDate)
			assert.Empty(t, d.ReceiveDate)
			assert.Empty(t, d.ErrCode)

			clock.Advance(time.Minute)
			d = query().SmsSendDetailDTOs.SmsSendDetailDTO[0]
			assert.Equal(t, int64(3), d.SendStatus)
			assert.Equal(t, "DELIVERED", d.ErrCode)
			assert.Equal(t, clock.Now().In(beijing).Format("2006-01-02 15:04:05"), d.ReceiveDate)
		})
	}
}

// Gateway errors reach the SDK caller as *errors.ServerError with Aliyun's
// code, status, message and request id.
func TestSDKGatewayErrors(t *testing.T) {
	srv, clock := realClockServer(t, Options{})
	tests := []struct {
		name      string
		id        string
		secret    string
		skew      time.Duration
		status    int
		code      string
		recommend string
	}{
		{name: "unknown key", id: "LTAIunknown", secret: TestAccessKeySecret, status: 404, code: "InvalidAccessKeyId.NotFound"},
		{name: "wrong secret", id: TestAccessKeyID, secret: "wrong", status: 400, code: "SignatureDoesNotMatch",
			// The SDK compares our string to sign with its own: equal.
			recommend: "InvalidAccessKeySecret: Please check you AccessKeySecret"},
		{name: "clock behind", id: TestAccessKeyID, secret: TestAccessKeySecret, skew: 16 * time.Minute, status: 400, code: "InvalidTimeStamp.Expired"},
		{name: "clock ahead", id: TestAccessKeyID, secret: TestAccessKeySecret, skew: -16 * time.Minute, status: 400, code: "InvalidTimeStamp.Expired"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock.Advance(tt.skew)
			defer clock.Advance(-tt.skew)
			client := newSDK(t, tt.id, tt.secret)
			_, err := client.SendSms(sdkSendSms(srv, "13800138000", `{"code":"1234"}`))
			var se *sdkerrors.ServerError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.status, se.HttpStatus())
			assert.Equal(t, tt.code, se.ErrorCode())
			assert.Regexp(t, requestIDPattern, se.RequestId())
			assert.Equal(t, "dysmsapi.aliyuncs.com", se.HostId())
			assert.NotEmpty(t, se.Message())
			assert.NotContains(t, se.Error(), TestAccessKeySecret)
			if tt.recommend != "" {
				assert.Equal(t, tt.recommend, se.Recommend())
			}
		})
	}
	assert.Empty(t, srv.Messages())
	assert.Equal(t, len(tests), srv.Requests("SendSms"))
}

// With Format XML, gateway errors are XML too, as on Aliyun; the SDK then
// keeps the raw body as the message.
func TestSDKGatewayErrorXML(t *testing.T) {
	srv, _ := realClockServer(t, Options{})
	client := newSDK(t, TestAccessKeyID, "wrong")
	req := sdkSendSms(srv, "13800138000", `{"code":"1234"}`)
	req.AcceptFormat = "XML"
	_, err := client.SendSms(req)
	var se *sdkerrors.ServerError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 400, se.HttpStatus())
	assert.Contains(t, se.Message(), "<Error><RequestId>")
	assert.Contains(t, se.Message(), "<Code>SignatureDoesNotMatch</Code>")
}
