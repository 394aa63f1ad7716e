package aliyun_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/smskit/sms"
	"github.com/smskit/sms/provider/aliyun"
)

func TestPrintingHidesCredentials(t *testing.T) {
	opts := aliyun.Options{AccessKeyID: testKeyID, AccessKeySecret: testKeySecret, RegionID: "cn-hangzhou",
		Endpoint: "http://127.0.0.1:1", SignName: "smskit",
		Templates: []sms.Template{{Name: "login_code", Kind: sms.KindVerification, Codes: map[string]string{"aliyun": "SMS_1"}}}}
	s, err := aliyun.New(opts)
	require.NoError(t, err)
	type holder struct {
		sender  *aliyun.Sender
		value   aliyun.Sender
		Exposed aliyun.Sender
	}
	h := holder{sender: s, value: *s, Exposed: *s}
	var logged bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logged, nil))
	logger.Info("config", "opts", opts, "sender", s, "value", *s, "holder", h)
	var jsonLogged bytes.Buffer
	slog.New(slog.NewJSONHandler(&jsonLogged, nil)).Info("config", "sender", s, "value", *s, "holder", h)
	outputs := map[string]string{
		"options %v":        fmt.Sprintf("%v", opts),
		"options %+v":       fmt.Sprintf("%+v", opts),
		"options %#v":       fmt.Sprintf("%#v", opts),
		"sender %v":         fmt.Sprintf("%v", s),
		"sender %+v":        fmt.Sprintf("%+v", s),
		"sender %#v":        fmt.Sprintf("%#v", s),
		"sender value %v":   fmt.Sprintf("%v", *s),
		"sender value %+v":  fmt.Sprintf("%+v", *s),
		"sender value %#v":  fmt.Sprintf("%#v", *s),
		"in a struct %v":    fmt.Sprintf("%v", h),
		"in a struct %+v":   fmt.Sprintf("%+v", h),
		"in a struct %#v":   fmt.Sprintf("%#v", h),
		"in a pointer %+v":  fmt.Sprintf("%+v", &h),
		"slog text":         logged.String(),
		"slog json":         jsonLogged.String(),
		"sender String":     s.String(),
		"options String":    opts.String(),
		"sender GoString":   s.GoString(),
		"sender LogValue":   s.LogValue().String(),
		"options LogValue":  opts.LogValue().String(),
		"options GoString":  opts.GoString(),
		"sender value %v *": fmt.Sprintf("%v", []aliyun.Sender{*s}),
	}
	for name, out := range outputs {
		t.Run(name, func(t *testing.T) {
			assert.NotContains(t, out, testKeySecret)
			assert.NotContains(t, out, testKeyID)
			assert.NotContains(t, out, fmt.Sprintf("%x", testKeySecret))
		})
	}
	assert.Equal(t, "aliyun.Sender{AccessKey: set, RegionID: cn-hangzhou, Endpoint: http://127.0.0.1:1, SignName: smskit, TemplateKey: aliyun}", s.String())
	assert.Contains(t, opts.String(), "AccessKey: set")
	assert.Equal(t, "aliyun.Options{AccessKey: set, Endpoint: (withheld: holds user info)}",
		aliyun.Options{AccessKeyID: "a", AccessKeySecret: "b", Endpoint: "https://u:hunter2@x"}.String())
}

// TestNoReflectionReachesCredentials walks everything reflection can reach
// from a Sender, as spew or go-cmp would, and finds no credential: they sit
// behind func values.
func TestNoReflectionReachesCredentials(t *testing.T) {
	s, err := aliyun.New(aliyun.Options{AccessKeyID: testKeyID, AccessKeySecret: testKeySecret, SignName: "smskit"})
	require.NoError(t, err)
	found := ""
	seen := map[uintptr]bool{}
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		if found != "" || !v.IsValid() {
			return
		}
		switch v.Kind() {
		case reflect.String:
			if strings.Contains(v.String(), testKeySecret) || strings.Contains(v.String(), testKeyID) {
				found = path
			}
		case reflect.Pointer, reflect.Map, reflect.Slice:
			if v.IsNil() {
				return
			}
			if seen[v.Pointer()] && v.Kind() != reflect.Slice {
				return
			}
			seen[v.Pointer()] = true
			switch v.Kind() {
			case reflect.Pointer:
				walk(v.Elem(), path+"*")
			case reflect.Map:
				for _, k := range v.MapKeys() {
					walk(k, path+"[key]")
					walk(v.MapIndex(k), path+"[value]")
				}
			default:
				for i := range v.Len() {
					walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
				}
			}
		case reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
			}
		case reflect.Interface:
			walk(v.Elem(), path)
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i), path+"."+v.Type().Field(i).Name)
			}
		}
	}
	walk(reflect.ValueOf(s), "sender")
	assert.Empty(t, found, "a credential is reachable by reflection at %s", found)

	// The walk does find a credential where one is reachable.
	walk(reflect.ValueOf(struct{ o aliyun.Options }{aliyun.Options{AccessKeySecret: testKeySecret}}), "holder")
	assert.Equal(t, "holder.o.AccessKeySecret", found)
}
