package printsafe_test

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/bulk"
	"github.com/smskit/sms/fake"
	"github.com/smskit/sms/inbox"
	"github.com/smskit/sms/provider/alidayu"
	"github.com/smskit/sms/provider/aliyun"
	"github.com/smskit/sms/provider/aliyun/aliyunintl"
	"github.com/smskit/sms/provider/aliyun/aliyuntest"
	"github.com/smskit/sms/provider/aliyun/aliyunverify"
	"github.com/smskit/sms/provider/aliyun/aliyunvoice"
	"github.com/smskit/sms/provider/tencent"
	"github.com/smskit/sms/provider/twilio"
	"github.com/smskit/sms/provider/twilio/twiliotest"
	"github.com/smskit/sms/provider/twilio/twilioverify"
	"github.com/smskit/sms/redisstore"
	"github.com/smskit/sms/verify"
)

// secret is set in every credential field. It is letters and digits (every
// provider accepts it) and long enough for every minimum length; none of
// its 6-character windows occurs in the descriptions.
const secret = "Q7zX9kLm2Vb8Np4Rt6Yw1Hs3Jd5Fg0Ck"

// verbs are the verbs every value is printed with.
var verbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T", "%8.3v", "%-x", "% x", "%#x"}

// row is one type: a value of it, built with every credential field set
// to secret. For a type that holds a lock, value is a pointer and
// pointerOnly is set: vet reports printing (copying) such a value, so its
// Format has a pointer receiver.
type row struct {
	name        string
	value       any
	pointerOnly bool
}

// built reports whether r is a Sender, Verifier or Store, built by its
// package's constructor: those keep their credentials where fmt cannot
// reach them even when it walks their fields, which it does when one is
// held by value in another struct's unexported field (fmt calls no method
// there). Options types hold their credentials in plain fields: nothing
// can hide those in an unexported field.
func (r row) built() bool {
	return !strings.HasSuffix(r.name, "Options") && !strings.HasPrefix(r.name, "inbox.") && !r.pointerOnly
}

func templates() []sms.Template {
	return []sms.Template{{
		Name: "login_code", Kind: sms.KindVerification, Text: "code ${code}",
		Codes: map[string]string{aliyun.Name: "SMS_1", alidayu.Name: "SMS_1", tencent.Name: "1000"},
	}}
}

// must returns the value *p points to.
func must[T any](t *testing.T, p *T, err error) T {
	t.Helper()
	require.NoError(t, err)
	return *p
}

// rows lists every exported type of the module that holds a credential.
// A new such type gets a row here (see the package documentation).
func rows(t *testing.T) []row {
	tpl := templates()
	key := []byte(secret)
	aliyunOpts := aliyun.Options{AccessKeyID: "LTAI5tExampleKeyId01", AccessKeySecret: secret, SignName: "abc", Templates: tpl}
	aliyunVerifyOpts := aliyunverify.Options{AccessKeyID: "LTAI5tExampleKeyId01", AccessKeySecret: secret, SignName: "abc", TemplateCode: "SMS_1"}
	twilioOpts := twilio.Options{AccountSID: "AC" + strings.Repeat("0", 32), AuthToken: secret, From: "+15005550006"}
	twilioVerifyOpts := twilioverify.Options{AccountSID: "AC" + strings.Repeat("0", 32), AuthToken: secret, ServiceSID: "VA" + strings.Repeat("0", 32)}
	intlOpts := aliyunintl.Options{AccessKeyID: "LTAI5tExampleKeyId01", AccessKeySecret: secret, From: "smskit",
		Templates: []sms.Template{{Name: "login_code", Kind: sms.KindVerification, Text: "code ${code}"}}}
	voiceOpts := aliyunvoice.Options{AccessKeyID: "LTAI5tExampleKeyId01", AccessKeySecret: secret, CalledShowNumber: "057100000000",
		Templates: []sms.Template{{Name: "call", Kind: sms.KindNotification, Codes: map[string]string{aliyunvoice.Name: "TTS_1"}}}}
	tencentOpts := tencent.Options{SecretID: "AKIDexampleSecretId0", SecretKey: secret, SmsSdkAppID: "1400006666", SignName: "abc", Templates: tpl}
	alidayuOpts := alidayu.Options{AppKey: "12345678", AppSecret: secret, SignName: "abc", Templates: tpl}
	verifyOpts := verify.Options{Sender: fake.MustNew(fake.Options{}), Template: "login_code", Templates: tpl, Secret: key}
	guardOpts := verify.GuardOptions{Secret: key}
	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", ContextTimeoutEnabled: true}) // never dialed
	t.Cleanup(func() { _ = client.Close() })
	limitOpts := redisstore.LimitOptions{KeySecret: key}
	verifyStoreOpts := redisstore.VerifyOptions{KeySecret: key}
	journalOpts := bulk.JournalOptions{Key: key}
	journal, errJ := bulk.OpenJournal(t.TempDir()+"/journal.jsonl", journalOpts)
	require.NoError(t, errJ)
	t.Cleanup(func() { _ = journal.Close() })

	aliyunSender, err := aliyun.New(aliyunOpts)
	aliyunVerifier, err2 := aliyunverify.New(aliyunVerifyOpts)
	twilioSender, err3 := twilio.New(twilioOpts)
	twilioVerifier, err4 := twilioverify.New(twilioVerifyOpts)
	tencentSender, err5 := tencent.New(tencentOpts)
	intlSender, err11 := aliyunintl.New(intlOpts)
	voiceSender, err12 := aliyunvoice.New(voiceOpts)
	alidayuSender, err6 := alidayu.New(alidayuOpts)
	local, err7 := verify.New(verifyOpts)
	guarded, err8 := verify.NewGuarded(verifyOpts, guardOpts)
	limitStore, err9 := redisstore.NewLimitStore(client, limitOpts)
	verifyStore, err10 := redisstore.NewVerifyStore(client, verifyStoreOpts)
	// An Endpoint with user info may hold a password: Options show none.
	withUserInfo := "https://user:" + secret + "@example.com"
	aliyunOpts.Endpoint, aliyunVerifyOpts.Endpoint, twilioOpts.Endpoint = withUserInfo, withUserInfo, withUserInfo
	twilioVerifyOpts.Endpoint, tencentOpts.Endpoint, alidayuOpts.Endpoint = withUserInfo, withUserInfo, withUserInfo
	intlOpts.Endpoint, voiceOpts.Endpoint = withUserInfo, withUserInfo
	aliyunTestOpts := aliyuntest.Options{Keys: map[string]string{"LTAI5tStagingKey": secret}}
	twilioTestOpts := twiliotest.Options{Accounts: map[string]string{"AC" + strings.Repeat("1", 32): secret}}
	inboxConfig := inbox.Config{Aliyun: aliyunTestOpts, Twilio: twilioTestOpts, BasicAuth: inbox.BasicAuth{User: "ops", Password: secret}}
	var inboxFile inbox.File
	inboxFile.Aliyun.Keys, inboxFile.Twilio.Accounts = aliyunTestOpts.Keys, twilioTestOpts.Accounts
	inboxServer, err13 := inbox.New(inboxConfig)
	require.NoError(t, err13)
	aliyunTestServer := aliyuntest.NewServer(aliyunTestOpts)
	t.Cleanup(aliyunTestServer.Close)
	twilioTestServer := twiliotest.NewServer(twilioTestOpts)
	t.Cleanup(twilioTestServer.Close)
	return []row{
		{name: "aliyuntest.Options", value: aliyunTestOpts},
		{name: "aliyuntest.Emulator", value: aliyuntest.New(aliyunTestOpts), pointerOnly: true},
		{name: "aliyuntest.Server", value: aliyunTestServer, pointerOnly: true},
		{name: "twiliotest.Options", value: twilioTestOpts},
		{name: "twiliotest.Server", value: twilioTestServer, pointerOnly: true},
		{name: "inbox.Config", value: inboxConfig},
		{name: "inbox.BasicAuth", value: inboxConfig.BasicAuth},
		{name: "inbox.File", value: inboxFile},
		{name: "inbox.Server", value: inboxServer, pointerOnly: true},
		{name: "bulk.JournalOptions", value: journalOpts},
		{name: "bulk.Journal", value: journal, pointerOnly: true},
		{name: "aliyun.Options", value: aliyunOpts},
		{name: "aliyun.Sender", value: must(t, aliyunSender, err)},
		{name: "aliyunverify.Options", value: aliyunVerifyOpts},
		{name: "aliyunverify.Verifier", value: must(t, aliyunVerifier, err2)},
		{name: "aliyunintl.Options", value: intlOpts},
		{name: "aliyunintl.Sender", value: must(t, intlSender, err11)},
		{name: "aliyunvoice.Options", value: voiceOpts},
		{name: "aliyunvoice.Sender", value: must(t, voiceSender, err12)},
		{name: "twilio.Options", value: twilioOpts},
		{name: "twilio.Sender", value: must(t, twilioSender, err3)},
		{name: "twilioverify.Options", value: twilioVerifyOpts},
		{name: "twilioverify.Verifier", value: must(t, twilioVerifier, err4)},
		{name: "tencent.Options", value: tencentOpts},
		{name: "tencent.Sender", value: must(t, tencentSender, err5)},
		{name: "alidayu.Options", value: alidayuOpts},
		{name: "alidayu.Sender", value: must(t, alidayuSender, err6)},
		{name: "verify.Options", value: verifyOpts},
		{name: "verify.GuardOptions", value: guardOpts},
		{name: "verify.Local", value: must(t, local, err7)},
		{name: "verify.Guarded", value: must(t, guarded, err8)},
		{name: "redisstore.LimitOptions", value: limitOpts},
		{name: "redisstore.LimitStore", value: must(t, limitStore, err9)},
		{name: "redisstore.VerifyOptions", value: verifyStoreOpts},
		{name: "redisstore.VerifyStore", value: must(t, verifyStore, err10)},
	}
}

// forms returns the ways r's value can be reached by fmt: the value, a
// pointer to it, and each nested in an exported struct field, a slice and
// a map (the pointer only, for a pointerOnly row).
func forms(r row) map[string]any {
	val := reflect.ValueOf(r.value)
	if r.pointerOnly {
		return nested(map[string]any{"pointer": r.value}, map[string]reflect.Value{"pointer": val})
	}
	ptr := reflect.New(val.Type())
	ptr.Elem().Set(val)
	return nested(map[string]any{"value": r.value, "pointer": ptr.Interface()}, map[string]reflect.Value{"value": val, "pointer": ptr})
}

// nested adds to out each of the given values nested in an exported
// struct field, a slice and a map.
func nested(out map[string]any, values map[string]reflect.Value) map[string]any {
	for name, x := range values {
		st := reflect.New(reflect.StructOf([]reflect.StructField{{Name: "Field", Type: x.Type()}})).Elem()
		st.Field(0).Set(x)
		out["struct of "+name] = st.Interface()
		sl := reflect.MakeSlice(reflect.SliceOf(x.Type()), 1, 1)
		sl.Index(0).Set(x)
		out["slice of "+name] = sl.Interface()
		mp := reflect.MakeMap(reflect.MapOf(reflect.TypeFor[string](), x.Type()))
		mp.SetMapIndex(reflect.ValueOf("k"), x)
		out["map of "+name] = mp.Interface()
	}
	return out
}

// hidden returns v held in an unexported field of a struct, by value.
func hidden(v any) any {
	val := reflect.ValueOf(v)
	typ := reflect.StructOf([]reflect.StructField{{Name: "field", PkgPath: "printsafe_test", Type: val.Type()}})
	st := reflect.New(typ).Elem()
	reflect.NewAt(val.Type(), st.Field(0).Addr().UnsafePointer()).Elem().Set(val)
	return st.Interface()
}

// leaks are the texts whose presence in printed output, ignoring case,
// shows the secret: every 6-byte fragment of the secret (as written, in
// lower and in upper case: packages keep lowercase copies for their
// checks), in hex and in decimal bytes as fmt prints a []byte with %v or
// %d. All are lowercase.
func leaks() []string {
	var out []string
	const n = 6
	for _, s := range []string{secret, strings.ToLower(secret), strings.ToUpper(secret)} {
		for i := 0; i+n <= len(s); i++ {
			frag := s[i : i+n]
			var dec []string
			for _, c := range []byte(frag) {
				dec = append(dec, strconv.Itoa(int(c)))
			}
			out = append(out, strings.ToLower(frag), fmt.Sprintf("%x", frag), fmt.Sprintf("% x", frag),
				strings.Join(dec, " "), strings.Join(dec, ", "))
		}
	}
	return out
}

func TestNoVerbPrintsASecret(t *testing.T) {
	bad := leaks()
	for _, r := range rows(t) {
		t.Run(r.name, func(t *testing.T) {
			all := forms(r)
			if r.built() {
				all["unexported struct field of value"] = hidden(r.value)
			}
			for form, v := range all {
				for _, verb := range verbs {
					out := fmt.Sprintf(verb, v)
					lower := strings.ToLower(out)
					for _, b := range bad {
						if strings.Contains(lower, b) {
							t.Errorf("%s of the %s shows %q of the secret: %.200s", verb, form, b, out)
							break
						}
					}
				}
			}
		})
	}
}

// TestDescriptionsNameTheType checks that a value and its pointer print
// their type's description, not fmt's field dump or an address.
func TestDescriptionsNameTheType(t *testing.T) {
	for _, r := range rows(t) {
		t.Run(r.name, func(t *testing.T) {
			f := forms(r)
			for _, form := range []string{"value", "pointer"} {
				if f[form] == nil {
					continue
				}
				for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x"} {
					out := fmt.Sprintf(verb, f[form])
					require.Truef(t, strings.HasPrefix(out, r.name), "%s of the %s: %q", verb, form, out)
				}
			}
		})
	}
}
