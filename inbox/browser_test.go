package inbox

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/dysmsapi"
	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chromiumPath finds a Chromium or Chrome binary. A missing browser skips
// the test, except under CI=true, where it fails: .ci/run installs Debian's
// chromium.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("SMSKIT_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no Chromium found (chromium, chromium-browser, google-chrome, headless-shell); CI must install it")
	}
	t.Skip("no Chromium found; install Debian's chromium or set SMSKIT_CHROMIUM")
	return ""
}

// newTab starts a headless Chromium with a phone-sized window and returns
// a tab's context, ended at cleanup.
func newTab(t *testing.T, width, height int) context.Context {
	t.Helper()
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.WindowSize(width, height),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	// The first action starts the browser: run it on the tab's own
	// context, which owns the browser, not on a shorter-lived child.
	require.NoError(t, chromedp.Do(ctx))
	// Then bound every later action, so that a failure never hangs.
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancelTimeout)
	return ctx
}

// screenshot saves a full-page PNG screenshot under testdata/out
// (ignored by git), for the README and for a look after a failure.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100 is a PNG
	require.NoError(t, err)
	dir := filepath.Join("testdata", "out")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644))
}

// within runs a with a deadline shorter than the tab's.
func within[T any](t *testing.T, ctx context.Context, d time.Duration, a chromedp.Action[T], what string) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	if _, err := chromedp.Run(c, a); err != nil {
		screenshot(t, ctx, "failed")
		t.Fatalf("%s: %v", what, err)
	}
}

func TestBrowser(t *testing.T) {
	s := start(t, Config{})
	ctx := newTab(t, 390, 844) // a phone
	sdk := classicSDK(t)

	within(t, ctx, 30*time.Second, chromedp.Steps(
		chromedp.Navigate(s.URL()+"/"), // a browser at "/" lands on the UI
		chromedp.WaitVisible(chromedp.CSS("#live.on")),
		// Without polling, only a live update can show a new message:
		// wait for the two loads of a fresh page (at start, and when the
		// event stream says hello), then nothing reloads but an event.
		chromedp.Navigate(s.URL()+"/ui/?poll=0"),
		chromedp.WaitVisible(chromedp.CSS("#live.on")),
	), "the page connects for live updates")
	within(t, ctx, 15*time.Second, chromedp.Poll[bool](`document.body.dataset.rendered === "2"`), "the fresh page's two loads")
	grant := func(d browser.PermissionDescriptor) {
		_, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
			Permission: &d, Setting: browser.PermissionSettingGranted, Origin: s.URL(),
		})
		require.NoError(t, err, "granting %s", d.Name)
	}
	grant(browser.PermissionDescriptor{Name: "clipboard-read"})
	grant(browser.PermissionDescriptor{Name: "clipboard-write", AllowWithoutSanitization: true})
	banner, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#banner")))
	require.NoError(t, err)
	assert.Contains(t, banner, "This page holds verification codes.")

	if !t.Run("a message sent through the official SDK appears live in its thread", func(t *testing.T) {
		resp, err := classicSend(sdk, s, "13800138000", "4821")
		require.NoError(t, err)
		require.Equal(t, "OK", resp.Code)
		within(t, ctx, 15*time.Second, chromedp.WaitVisible(chromedp.CSS(`section.thread[data-number="+8613800138000"] .code-value`)), "message shown live")
		code, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`section.thread[data-number="+8613800138000"] .code-value`)))
		require.NoError(t, err)
		assert.Equal(t, "4821", code)
		text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`section.thread[data-number="+8613800138000"] .msg .text`)))
		require.NoError(t, err)
		assert.Contains(t, text, "4821")
		meta, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`section.thread[data-number="+8613800138000"] .msg .meta`)))
		require.NoError(t, err)
		for _, want := range []string{"aliyun", "Verification", "waiting", dysmsapiTemplate} {
			assert.Contains(t, meta, want)
		}
		screenshot(t, ctx, "phone-live-message")
	}) {
		return // the page is in an unknown state
	}

	if !t.Run("its code can be copied", func(t *testing.T) {
		sel := chromedp.CSS(`section.thread[data-number="+8613800138000"] button.copy`)
		attr, err := chromedp.Run(ctx, chromedp.AttributeValue(sel, "data-code"))
		require.NoError(t, err)
		assert.Equal(t, "4821", attr.Value)
		within(t, ctx, 10*time.Second, chromedp.Click(sel), "click copy")
		within(t, ctx, 5*time.Second, chromedp.Poll[bool](`document.querySelector('section.thread[data-number="+8613800138000"] button.copy').textContent === "Copied"`), "button says Copied")
		clip, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
		require.NoError(t, err, "reading the clipboard")
		assert.Equal(t, "4821", clip)
	}) {
		return // the page is in an unknown state
	}

	if !t.Run("search narrows the list", func(t *testing.T) {
		_, err := classicSend(sdk, s, "13900139000", "5555")
		require.NoError(t, err)
		_, err = twilioSend(s, "+14155552671", "Your code is 904112")
		require.NoError(t, err)
		within(t, ctx, 10*time.Second, chromedp.Poll[bool](`document.querySelectorAll("section.thread").length === 3`), "three threads")
		screenshot(t, ctx, "phone-three-threads")
		within(t, ctx, 10*time.Second, chromedp.SendKeys(chromedp.CSS("#search"), "139001"), "type a search")
		within(t, ctx, 10*time.Second, chromedp.Poll[bool](`document.querySelectorAll("section.thread").length === 1 && !!document.querySelector('section.thread[data-number="+8613900139000"]')`), "one thread left")
		screenshot(t, ctx, "phone-search")
		within(t, ctx, 10*time.Second, chromedp.Evaluate[bool](`(() => { const e = document.getElementById("search"); e.value = ""; return e.dispatchEvent(new Event("input")); })()`), "clear the search")
		within(t, ctx, 10*time.Second, chromedp.Poll[bool](`document.querySelectorAll("section.thread").length === 3`), "three threads again")
	}) {
		return // the page is in an unknown state
	}

	if !t.Run("a chaos switch makes the next SDK call fail with the chosen error", func(t *testing.T) {
		within(t, ctx, 10*time.Second, chromedp.Steps(
			chromedp.Click(chromedp.CSS("#chaos summary")),
			chromedp.WaitVisible(chromedp.CSS("#chaos-throttling")),
			chromedp.SetValue(chromedp.CSS("#chaos-throttling"), "100"),
			chromedp.Click(chromedp.CSS("#chaos-apply")),
			chromedp.WaitVisible(chromedp.CSS("#chaos-state.on")),
		), "switch throttling on")
		screenshot(t, ctx, "phone-chaos")
		_, err := classicSend(sdk, s, "13700137000", "1234")
		var se *sdkerrors.ServerError
		require.True(t, errors.As(err, &se), "want a gateway error, got %v", err)
		assert.Equal(t, "Throttling.User", se.ErrorCode())
		within(t, ctx, 10*time.Second, chromedp.Steps(
			chromedp.Click(chromedp.CSS("#chaos-off")),
			chromedp.WaitNotPresent(chromedp.CSS("#chaos-state.on")),
		), "switch chaos off")
		resp, err := classicSend(sdk, s, "13700137000", "1234")
		require.NoError(t, err)
		assert.Equal(t, "OK", resp.Code)
	}) {
		return // the page is in an unknown state
	}

	if !t.Run("a receipt control changes QuerySendDetails", func(t *testing.T) {
		msgs, _ := s.Messages(Filter{Number: "13800138000"})
		require.Len(t, msgs, 1)
		require.Equal(t, 1, querySendStatus(t, sdk, s, "13800138000", msgs[0].BizID), "waiting")
		within(t, ctx, 10*time.Second, chromedp.Steps(
			chromedp.Click(chromedp.CSS(`section.thread[data-number="+8613800138000"] button.fail`)),
			chromedp.WaitVisible(chromedp.CSS(`section.thread[data-number="+8613800138000"] .status.failed`)),
		), "fail the receipt")
		assert.Equal(t, 2, querySendStatus(t, sdk, s, "13800138000", msgs[0].BizID), "failed")
		within(t, ctx, 10*time.Second, chromedp.Steps(
			chromedp.Click(chromedp.CSS(`section.thread[data-number="+8613800138000"] button.deliver`)),
			chromedp.WaitVisible(chromedp.CSS(`section.thread[data-number="+8613800138000"] .status.delivered`)),
		), "deliver the receipt")
		assert.Equal(t, 3, querySendStatus(t, sdk, s, "13800138000", msgs[0].BizID), "delivered")
		screenshot(t, ctx, "phone-receipts")
	}) {
		return // the page is in an unknown state
	}

	if !t.Run("desktop layout", func(t *testing.T) {
		within(t, ctx, 10*time.Second, chromedp.EmulateViewport(1280, 800), "resize")
		screenshot(t, ctx, "desktop")
	}) {
		return // the page is in an unknown state
	}
}

// dysmsapiTemplate is the template code the test messages use.
const dysmsapiTemplate = "SMS_154950909"

// querySendStatus asks QuerySendDetails, through the classic SDK, for the
// SendStatus of the message bizID sent to number.
func querySendStatus(t *testing.T, c *dysmsapi.Client, s *Server, number, bizID string) int {
	t.Helper()
	req := dysmsapi.CreateQuerySendDetailsRequest()
	req.Domain, req.Scheme = host(s), "http"
	req.PhoneNumber, req.BizId = number, bizID
	req.SendDate = time.Now().In(time.FixedZone("CST", 8*3600)).Format("20060102")
	req.PageSize, req.CurrentPage = "10", "1"
	r, err := c.QuerySendDetails(req)
	require.NoError(t, err)
	require.Len(t, r.SmsSendDetailDTOs.SmsSendDetailDTO, 1)
	return int(r.SmsSendDetailDTOs.SmsSendDetailDTO[0].SendStatus)
}
