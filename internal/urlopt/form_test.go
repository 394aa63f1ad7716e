package urlopt

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/smskit/sms"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testForm = Form{Provider: "p", Scheme: "x", User: "ID", Password: "SECRET"}

func TestFormRead(t *testing.T) {
	tests := []struct {
		name, raw   string
		form        Form
		want        Head
		wantErr     string // from Read
		wantDoneErr string // from Query.Done
	}{
		{name: "userinfo and host", raw: "x://a%40b:s%3Ac@h.example:8?protocol=http", form: testForm,
			want: Head{ID: "a@b", Secret: "s:c", HasUser: true, Endpoint: "http://h.example:8"}},
		{name: "no userinfo, default host", raw: "x://default", form: testForm},
		{name: "path allowed", raw: "x://h/v1/", form: Form{Provider: "p", Scheme: "x", AllowPath: true},
			want: Head{Endpoint: "https://h/v1"}},
		{name: "path refused", raw: "x://h/v1", form: testForm, want: Head{}, wantDoneErr: "URL parameter path is not allowed"},
		{name: "wrong scheme", raw: "y://h", form: testForm, wantErr: `the URL's scheme is not "x"`},
		{name: "user without password", raw: "x://Zq8Xv2Ww9Pp0@h", form: testForm, wantErr: "the URL's userinfo must be ID:SECRET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := url.Parse(tt.raw)
			require.NoError(t, err)
			q, h, err := tt.form.Read(u)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.ErrorIs(t, err, sms.ErrInvalidOptions)
				assert.Contains(t, err.Error(), tt.wantErr)
				assert.NotContains(t, err.Error(), "Zq8Xv2Ww9Pp0")
				assert.Nil(t, q)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, h)
			if tt.wantDoneErr != "" {
				assert.ErrorContains(t, q.Done(), tt.wantDoneErr)
				return
			}
			assert.NoError(t, q.Done())
		})
	}
	_, _, err := testForm.Read(nil)
	assert.ErrorIs(t, err, sms.ErrInvalidOptions)
}

func TestReadParams(t *testing.T) {
	q, _ := query(t, "x://?allow_undeclared=true&template_key=k&connect_timeout=2s&timeout=9s&max_idle_conns=3")
	assert.Equal(t, TemplateParams{AllowUndeclared: true, Key: "k"}, ReadTemplateParams(q))
	assert.Equal(t, HTTPParams{ConnectTimeout: 2 * time.Second, Timeout: 9 * time.Second, MaxIdleConns: 3}, ReadHTTPParams(q))
	require.NoError(t, q.Done())

	q, _ = query(t, "x://?timeout=x&templates=/nonexistent/t.json")
	ReadTemplateParams(q)
	ReadHTTPParams(q)
	assert.ErrorContains(t, q.Done(), "URL parameter templates", "templates is read first")
}

type testSender struct{ sms.Sender }

func TestOpener(t *testing.T) {
	optionsErr := errors.New("options")
	buildErr := errors.New("build")
	var built []string
	open := Opener(func(u *url.URL) (string, error) {
		if u.Host == "bad" {
			return "", optionsErr
		}
		return u.Host, nil
	}, func(o string) (*testSender, error) {
		built = append(built, o)
		if o == "fail" {
			return nil, buildErr
		}
		return &testSender{}, nil
	})
	s, err := open(context.Background(), &url.URL{Scheme: "x", Host: "bad"})
	assert.ErrorIs(t, err, optionsErr)
	assert.True(t, s == nil, "an options error gives a nil interface")
	assert.Empty(t, built)

	s, err = open(context.Background(), &url.URL{Scheme: "x", Host: "ok"})
	require.NoError(t, err)
	assert.IsType(t, &testSender{}, s)

	_, err = open(context.Background(), &url.URL{Scheme: "x", Host: "fail"})
	assert.ErrorIs(t, err, buildErr)
	assert.Equal(t, []string{"ok", "fail"}, built)
}

func TestEnvCredentials(t *testing.T) {
	const idVar, secretVar = "URLOPT_TEST_ID", "URLOPT_TEST_SECRET"
	tests := []struct{ id, secret, wantErr string }{
		{id: "AC1", secret: "tok"},
		{id: "AC1"},
		{wantErr: "no credentials: write ID:SECRET@ in the URL or set URLOPT_TEST_ID and URLOPT_TEST_SECRET"},
	}
	for _, tt := range tests {
		t.Setenv(idVar, tt.id)
		t.Setenv(secretVar, tt.secret)
		id, secret, err := testForm.EnvCredentials(idVar, secretVar)
		if tt.wantErr != "" {
			assert.ErrorIs(t, err, sms.ErrInvalidOptions)
			assert.ErrorContains(t, err, tt.wantErr)
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, [2]string{tt.id, tt.secret}, [2]string{id, secret})
	}
}
