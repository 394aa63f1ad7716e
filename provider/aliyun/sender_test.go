package aliyun_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSendDelivers(t *testing.T) {
	tests := []struct {
		name       string
		options    func(*aliyun.Options)
		msg        sms.Message
		wantNumber string
		wantCode   string
		wantSign   string
		wantOutID  string
		wantExtend string
	}{
		{
			name:       "mainland number as 11 digits, mapped template",
			msg:        loginCode(),
			wantNumber: "13800138000",
			wantCode:   aliyuntest.DefaultTemplateCode,
			wantSign:   aliyuntest.DefaultSignName,
		},
		{
			name:       "national mainland input is normalized",
			msg:        sms.Message{To: "138 0013 8000", Template: "login_code", Params: map[string]string{"code": "1234"}},
			wantNumber: "13800138000",
			wantCode:   aliyuntest.DefaultTemplateCode,
			wantSign:   aliyuntest.DefaultSignName,
		},
		{
			name:       "Hong Kong number as country code and number",
			msg:        sms.Message{To: "+85251234567", Template: "intl_code", Params: map[string]string{"code": "1234"}},
			wantNumber: "85251234567",
			wantCode:   intlTemplate,
			wantSign:   aliyuntest.DefaultSignName,
		},
		{
			name:       "reference is OutId; extend code",
			options:    func(o *aliyun.Options) { o.UpExtendCode = "90" },
			msg:        sms.Message{To: testNumber, Template: "notify", Params: map[string]string{"code": "A-1", "name": "张三🎉"}, Reference: "order-7"},
			wantNumber: "13800138000",
			wantCode:   notifyTemplate,
			wantSign:   aliyuntest.DefaultSignName,
			wantOutID:  "order-7",
			wantExtend: "90",
		},
		{
			name:       "no templates declared: the name is the code",
			options:    func(o *aliyun.Options) { o.Templates = nil },
			msg:        sms.Message{To: testNumber, Template: notifyTemplate, Params: map[string]string{"code": "A-1", "name": "x"}},
			wantNumber: "13800138000",
			wantCode:   notifyTemplate,
			wantSign:   aliyuntest.DefaultSignName,
		},
		{
			name:       "undeclared code allowed beside the declared templates",
			options:    func(o *aliyun.Options) { o.AllowUndeclaredTemplates = true },
			msg:        sms.Message{To: testNumber, Template: notifyTemplate, Params: map[string]string{"code": "A-1", "name": "x"}},
			wantNumber: "13800138000",
			wantCode:   notifyTemplate,
			wantSign:   aliyuntest.DefaultSignName,
		},
		{
			name:       "promotion without params",
			msg:        sms.Message{To: testNumber, Template: "promo"},
			wantNumber: "13800138000",
			wantCode:   promoTemplate,
			wantSign:   aliyuntest.DefaultSignName,
		},
		{
			name: "message sign overrides the default",
			options: func(o *aliyun.Options) {
				o.SignName = "unused"
			},
			msg:        sms.Message{To: testNumber, Template: "notify", Sign: aliyuntest.DefaultSignName, Params: map[string]string{"code": "X", "name": "Y"}},
			wantNumber: "13800138000",
			wantCode:   notifyTemplate,
			wantSign:   aliyuntest.DefaultSignName,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newEmulator(t, aliyuntest.Options{})
			s := newSender(t, srv, tt.options)
			res, err := s.Send(context.Background(), tt.msg)
			require.NoError(t, err)
			assert.Equal(t, aliyun.Name, res.Provider)
			assert.NotEmpty(t, res.MessageID)

			got := srv.Messages()
			require.Len(t, got, 1)
			m := got[0]
			assert.Equal(t, tt.wantNumber, m.PhoneNumber)
			assert.Equal(t, tt.wantCode, m.TemplateCode)
			assert.Equal(t, tt.wantSign, m.SignName)
			if len(tt.msg.Params) > 0 {
				assert.Equal(t, tt.msg.Params, m.Params)
			} else {
				assert.Empty(t, m.Params)
			}
			assert.Equal(t, tt.wantOutID, m.OutID)
			assert.Equal(t, tt.wantExtend, m.UpExtendCode)
			assert.Equal(t, res.MessageID, m.BizID)
			if res.RequestID != "" { // dropped when it holds 4 digits of the number (1 in 500)
				assert.Equal(t, m.RequestID, res.RequestID)
			}
		})
	}
}

func TestSendRefusesBeforeSending(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	bg := context.Background()
	code := func(c string) map[string]string { return map[string]string{"code": c} }
	withText := func(o *aliyun.Options) {
		o.Templates = append(o.Templates, sms.Template{Name: "order_shipped", Kind: sms.KindNotification,
			Text: "尊敬的${name}，您的订单${code}已发货", Codes: map[string]string{"aliyun": notifyTemplate}})
	}
	many := map[string]string{}
	for i := range 15 {
		many[fmt.Sprintf("p%d", i)] = strings.Repeat("x", 35)
	}
	tests := []struct {
		name    string
		ctx     context.Context
		options func(*aliyun.Options)
		msg     sms.Message
		want    sms.Code
		text    string // in the error
		rule    error  // errors.Is
	}{
		{"invalid number", bg, nil, sms.Message{To: "+86123", Template: "login_code"}, sms.InvalidArgument, "", sms.ErrInvalidNumber},
		{"empty number", bg, nil, sms.Message{Template: "login_code"}, sms.InvalidArgument, "", sms.ErrMissingRecipient},
		{"body only", bg, nil, sms.Message{To: testNumber, Body: "hello"}, sms.InvalidArgument, "templates only", sms.ErrMissingContent},
		{"control character in a param", bg, nil, sms.Message{To: testNumber, Template: "login_code", Params: code("1\n23")}, sms.InvalidArgument, "", sms.ErrInvalidParam},
		{"canceled context", canceled, nil, loginCode(), sms.Canceled, "", context.Canceled},
		{"nil context", nil, nil, loginCode(), sms.InvalidArgument, "nil context", sms.ErrNilContext},

		// Numbers Aliyun would read as another number (#8.1).
		{"US number", bg, nil, sms.Message{To: "+1 312 555 0100", Template: "intl_code", Params: code("1234")}, sms.InvalidArgument,
			"SendMessageToGlobe", aliyun.ErrAmbiguousNumber},
		{"Canadian number", bg, nil, sms.Message{To: "+1 416 555 0123", Template: "intl_code", Params: code("1234")}, sms.InvalidArgument,
			"mainland China mobile number", aliyun.ErrAmbiguousNumber},
		{"mainland landline", bg, nil, sms.Message{To: "+86 20 5724 7484", Template: "login_code", Params: code("1234")}, sms.InvalidArgument,
			"not a mobile number", aliyun.ErrAmbiguousNumber},

		// Templates (#9.2).
		{"typo in the template name", bg, nil, sms.Message{To: testNumber, Template: "login_cod", Params: code("1234")}, sms.InvalidArgument,
			`template "login_cod" is not declared`, sms.ErrUnknownTemplate},
		{"raw code beside declared templates", bg, nil, sms.Message{To: testNumber, Template: aliyuntest.DefaultTemplateCode, Params: code("1234")},
			sms.InvalidArgument, "not declared", sms.ErrUnknownTemplate},
		{"raw name that is no code", bg, func(o *aliyun.Options) { o.Templates = nil }, sms.Message{To: testNumber, Template: "login_code", Params: code("1234")},
			sms.InvalidArgument, `as an Aliyun template code it is "login_code", not "SMS_" and digits`, sms.ErrUnknownTemplate},
		{"no sign for a raw code", bg, func(o *aliyun.Options) { o.Templates, o.SignName = nil, "" },
			sms.Message{To: testNumber, Template: aliyuntest.DefaultTemplateCode, Params: code("1234")}, sms.InvalidArgument, "no sign", sms.ErrInvalidSign},
		{"missing variable", bg, withText, sms.Message{To: testNumber, Template: "order_shipped", Params: code("A1")}, sms.InvalidArgument,
			`needs param "name"`, sms.ErrMissingParam},
		{"extra variable", bg, withText, sms.Message{To: testNumber, Template: "order_shipped",
			Params: map[string]string{"code": "A1", "name": "x", "nmae": "y"}}, sms.InvalidArgument, `no variable "nmae"`, sms.ErrExtraParam},
		{"verification template without its code", bg, nil, sms.Message{To: testNumber, Template: "login_code"}, sms.InvalidArgument,
			"exactly one param", sms.ErrInvalidParam},
		{"verification code of 3 characters", bg, nil, sms.Message{To: testNumber, Template: "login_code", Params: code("123")}, sms.InvalidArgument,
			"4 to 6 characters, this one 3", sms.ErrInvalidParam},
		{"verification code of 7 characters", bg, nil, sms.Message{To: testNumber, Template: "login_code", Params: code("1234567")}, sms.InvalidArgument,
			"4 to 6 characters", sms.ErrInvalidParam},
		{"promotion with params", bg, nil, sms.Message{To: testNumber, Template: "promo", Params: code("1234")}, sms.InvalidArgument,
			"takes no params", sms.ErrExtraParam},
		{"international template to a mainland number", bg, nil, sms.Message{To: testNumber, Template: "intl_code", Params: code("1234")},
			sms.InvalidArgument, "use a domestic template", sms.ErrWrongKind},
		{"domestic template to Hong Kong", bg, nil, sms.Message{To: "+85251234567", Template: "login_code", Params: code("1234")},
			sms.InvalidArgument, "use an international template", sms.ErrWrongKind},

		// Sizes (#8.8).
		{"notification param of 36 characters", bg, nil, sms.Message{To: testNumber, Template: "notify",
			Params: map[string]string{"code": "1", "name": strings.Repeat("张", 36)}}, sms.InvalidArgument, "longer than 35 characters", sms.ErrInvalidParam},
		{"empty param", bg, nil, sms.Message{To: testNumber, Template: "notify", Params: map[string]string{"code": "1", "name": ""}},
			sms.InvalidArgument, "is empty", sms.ErrInvalidParam},
		{"1 MB param", bg, nil, sms.Message{To: testNumber, Template: "notify", Params: map[string]string{"code": "1", "name": strings.Repeat("x", 1<<20)}},
			sms.InvalidArgument, "longer than", sms.ErrInvalidParam},
		{"params adding up to more than 500 characters", bg, nil, sms.Message{To: testNumber, Template: "notify", Params: many},
			sms.InvalidArgument, "add up to 525 characters, more than 500", sms.ErrInvalidParam},
		{"64 KB template name", bg, nil, sms.Message{To: testNumber, Template: strings.Repeat("t", 64<<10), Params: code("1234")},
			sms.InvalidArgument, "", sms.ErrInvalidTemplate},
		{"sign of 13 characters", bg, nil, sms.Message{To: testNumber, Template: "login_code", Sign: strings.Repeat("签", 13), Params: code("1234")},
			sms.InvalidArgument, "2 to 12 characters", sms.ErrInvalidSign},
		{"sign of 1 character", bg, nil, sms.Message{To: testNumber, Template: "login_code", Sign: "签", Params: code("1234")},
			sms.InvalidArgument, "2 to 12 characters", sms.ErrInvalidSign},
		{"reference of 256 characters", bg, nil, sms.Message{To: testNumber, Template: "login_code", Reference: strings.Repeat("单", 256), Params: code("1234")},
			sms.InvalidArgument, "longer than 255 characters", sms.ErrReferenceTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newEmulator(t, aliyuntest.Options{})
			s := newSender(t, srv, tt.options)
			_, err := s.Send(tt.ctx, tt.msg) //nolint:staticcheck // a nil context on purpose
			requireSMSError(t, err, tt.want, true)
			assert.Contains(t, err.Error(), tt.text)
			assert.ErrorIs(t, err, tt.rule)
			assert.Less(t, len(err.Error()), 512, "errors quote bounded excerpts only")
			assert.Zero(t, srv.Requests("SendSms"), "nothing may reach Aliyun")
		})
	}
}

// TestSendAtTheLimits sends what the limits still allow.
func TestSendAtTheLimits(t *testing.T) {
	srv := newEmulator(t, aliyuntest.Options{Signs: []string{aliyuntest.DefaultSignName, "短信", strings.Repeat("签", 12)}})
	s := newSender(t, srv, nil)
	tests := []sms.Message{
		{To: "+8613800138001", Template: "login_code", Params: map[string]string{"code": "1234"}},
		{To: "+8613800138002", Template: "login_code", Params: map[string]string{"code": "12345😀"}},
		{To: "+8613800138003", Template: "notify", Params: map[string]string{"code": "1", "name": strings.Repeat("张", 35)}},
		{To: "+8613800138004", Template: "login_code", Sign: "短信", Params: map[string]string{"code": "1234"}},
		{To: "+8613800138005", Template: "login_code", Sign: strings.Repeat("签", 12), Params: map[string]string{"code": "1234"}},
		{To: "+8613800138006", Template: "login_code", Reference: strings.Repeat("单", 255), Params: map[string]string{"code": "1234"}},
		{To: "+44 7911 123456", Template: "intl_code", Params: map[string]string{"code": "1234"}},
	}
	for _, msg := range tests {
		_, err := s.Send(context.Background(), msg)
		require.NoError(t, err, msg.To)
	}
	assert.Len(t, srv.Messages(), len(tests))
}

func TestNewRejectsBadOptions(t *testing.T) {
	key := func(o aliyun.Options) aliyun.Options {
		o.AccessKeyID, o.AccessKeySecret = "a", "b"
		return o
	}
	tpl := func(t sms.Template) []sms.Template {
		if t.Codes == nil {
			t.Codes = map[string]string{"aliyun": "SMS_1"}
		}
		return []sms.Template{t}
	}
	tests := []struct {
		name string
		o    aliyun.Options
		want string
	}{
		{"key id without secret", aliyun.Options{AccessKeyID: "x"}, "AccessKeyID and AccessKeySecret must be given together"},
		{"secret without key id", aliyun.Options{AccessKeySecret: "x"}, "given together"},
		{"bad region", key(aliyun.Options{RegionID: "cn hangzhou"}), `RegionID "cn hangzhou" is not a region id`},
		{"endpoint with a path", key(aliyun.Options{Endpoint: "https://example.com/x"}), "Endpoint"},
		{"endpoint with a query", key(aliyun.Options{Endpoint: "https://example.com/?a=b"}), "Endpoint"},
		{"endpoint with user info", key(aliyun.Options{Endpoint: "https://u:hunter2@example.com"}), "Endpoint"},
		{"endpoint of another scheme", key(aliyun.Options{Endpoint: "ftp://example.com"}), "Endpoint scheme"},
		{"negative timeout", key(aliyun.Options{Timeout: -1}), "negative"},
		{"negative connect timeout", key(aliyun.Options{ConnectTimeout: -1}), "negative"},
		{"negative idle pool", key(aliyun.Options{MaxIdleConns: -1}), "negative"},
		{"sign too long", key(aliyun.Options{SignName: strings.Repeat("签", 13)}), "SignName is not 2 to 12 characters long"},
		{"extend code not digits", key(aliyun.Options{UpExtendCode: "12a"}), "UpExtendCode is not digits only"},
		{"extend code too long", key(aliyun.Options{UpExtendCode: strings.Repeat("1", 13)}), "UpExtendCode is longer than 12 digits"},
		{"no sign anywhere", key(aliyun.Options{Templates: tpl(sms.Template{Name: "login_code", Kind: sms.KindVerification})}),
			`template "login_code" has no sign: set its Signs["aliyun"] or Options.SignName`},
		{"template sign too short", key(aliyun.Options{Templates: tpl(sms.Template{Name: "a", Kind: sms.KindVerification,
			Signs: map[string]string{"aliyun": "x"}})}), `template "a": Signs["aliyun"] is not 2 to 12 characters`},
		{"promotion template with variables", key(aliyun.Options{SignName: "smskit", Templates: tpl(sms.Template{Name: "sale",
			Kind: sms.KindPromotion, Text: "${who}: 50% off"})}), `template "sale" is a promotion template with variables`},
		{"verification template with two variables", key(aliyun.Options{SignName: "smskit", Templates: tpl(sms.Template{Name: "otp",
			Kind: sms.KindVerification, Text: "${code} ${name}"})}), "verification template with 2 variables"},
		{"template text over 500 characters", key(aliyun.Options{SignName: "smskit", Templates: tpl(sms.Template{Name: "long",
			Kind: sms.KindNotification, Text: strings.Repeat("字", 501)})}), "Text is longer than 500 characters"},
		{"template without a kind", key(aliyun.Options{SignName: "smskit", Templates: tpl(sms.Template{Name: "x"})}), "Template.Kind is unspecified"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := aliyun.New(tt.o)
			assert.Nil(t, s)
			requireOptionsError(t, err, tt.want)
			assert.NotContains(t, err.Error(), "hunter2")
		})
	}
}

func TestNewAcceptsEndpoints(t *testing.T) {
	for _, endpoint := range []string{"", "dysmsapi.aliyuncs.com", "https://dysmsapi.aliyuncs.com", "https://dysmsapi.aliyuncs.com/", "http://127.0.0.1:8080"} {
		_, err := aliyun.New(aliyun.Options{AccessKeyID: "a", AccessKeySecret: "b", Endpoint: endpoint})
		assert.NoError(t, err, endpoint)
	}
}

func TestDefaultCredentialChain(t *testing.T) {
	srv := newEmulator(t, aliyuntest.Options{})
	t.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true") // no metadata server calls
	t.Setenv("HOME", t.TempDir())                           // no CLI profile
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", testKeyID)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", testKeySecret)
	s := newSender(t, srv, func(o *aliyun.Options) { o.AccessKeyID, o.AccessKeySecret = "", "" })
	_, err := s.Send(context.Background(), loginCode())
	require.NoError(t, err)
}

func TestNoCredentials(t *testing.T) {
	srv := newEmulator(t, aliyuntest.Options{})
	t.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
	t.Setenv("HOME", t.TempDir())
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "")
	t.Setenv("ALIBABA_CLOUD_CREDENTIALS_FILE", "")
	t.Setenv("ALIBABA_CLOUD_PROFILE", "")
	s := newSender(t, srv, func(o *aliyun.Options) { o.AccessKeyID, o.AccessKeySecret = "", "" })
	_, err := s.Send(context.Background(), loginCode())
	requireSMSError(t, err, sms.PermissionDenied, true)
	assert.Zero(t, srv.Requests("SendSms"))
}

// TestHugeInputsCostNothing: a 1 MB param or template name is refused
// before anything copies it (the SDK used to allocate about 34 MB for a
// 1 MB param, and a 4 MB one ended as an unclear unknown error).
func TestHugeInputsCostNothing(t *testing.T) {
	srv := newEmulator(t, aliyuntest.Options{})
	s := newSender(t, srv, nil)
	huge := strings.Repeat("x", 4<<20)
	_, err := s.Send(context.Background(), loginCode()) // warm the number cache
	require.NoError(t, err)
	for _, msg := range []sms.Message{
		{To: testNumber, Template: "notify", Params: map[string]string{"code": "1", "name": huge}},
		{To: testNumber, Template: huge},
		{To: testNumber, Template: "login_code", Sign: huge, Params: map[string]string{"code": "1234"}},
		{To: testNumber, Template: "login_code", Reference: huge, Params: map[string]string{"code": "1234"}},
		{To: testNumber, Template: "login_code", Params: map[string]string{huge: "1234"}},
		{To: huge, Template: "login_code", Params: map[string]string{"code": "1234"}},
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := s.Send(context.Background(), msg)
		runtime.ReadMemStats(&after)
		requireSMSError(t, err, sms.InvalidArgument, true)
		assert.Less(t, len(err.Error()), 512)
		assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(64<<10), "bytes allocated to refuse %v", err)
	}
	assert.Equal(t, 1, srv.Requests("SendSms"), "only the warm-up")
}

// TestStatusRefusesAmbiguousNumbers: a status query for a +1 number would
// ask for a stranger's mainland messages.
func TestStatusRefusesAmbiguousNumbers(t *testing.T) {
	srv := newEmulator(t, aliyuntest.Options{})
	s := newSender(t, srv, nil)
	_, err := s.Status(context.Background(), sms.StatusQuery{MessageID: "900619746936498440^0", To: "+1 312 555 0100"})
	requireSMSError(t, err, sms.InvalidArgument, true)
	assert.ErrorIs(t, err, aliyun.ErrAmbiguousNumber)
	_, err = s.Status(context.Background(), sms.StatusQuery{MessageID: strings.Repeat("9", 1<<20), To: testNumber})
	requireSMSError(t, err, sms.InvalidArgument, true)
	assert.Less(t, len(err.Error()), 512)
	assert.Zero(t, srv.Requests("QuerySendDetails"))
}
