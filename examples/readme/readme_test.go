package readme_test

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestREADMEBlocksCompile checks that every ```go block of README.md stands,
// line for line (indentation and blank lines aside), in examples_test.go,
// which the compiler checks: README examples cannot rot.
func TestREADMEBlocksCompile(t *testing.T) {
	code, err := os.ReadFile("examples_test.go")
	require.NoError(t, err)
	source := strings.Join(normalized(string(code)), "\n")
	blocks := goBlocks(t, "../../README.md")
	require.NotEmpty(t, blocks)
	for i, block := range blocks {
		lines := normalized(block)
		if !strings.Contains("\n"+source+"\n", "\n"+strings.Join(lines, "\n")+"\n") {
			t.Errorf("README.md Go block %d (starting %q) is not in examples_test.go, line for line", i+1, lines[0])
		}
	}
}

// goBlocks returns the text of each ```go block of the Markdown file.
func goBlocks(t *testing.T, path string) []string {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var blocks []string
	var cur *strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case cur == nil && strings.TrimSpace(line) == "```go":
			cur = &strings.Builder{}
		case cur != nil && strings.TrimSpace(line) == "```":
			blocks = append(blocks, cur.String())
			cur = nil
		case cur != nil:
			cur.WriteString(line)
			cur.WriteByte('\n')
		}
	}
	require.NoError(t, sc.Err())
	require.Nil(t, cur, "unclosed ```go block")
	return blocks
}

// normalized returns text's lines without indentation, runs of spaces and
// blank lines, so that gofmt's alignment and nesting do not matter.
func normalized(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if line != "" {
			out = append(out, line)
		}
	}
	return out
}
