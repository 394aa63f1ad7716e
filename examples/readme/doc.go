// Package readme holds the Go examples of the project's README.md as code
// that compiles and, where it needs no credentials, runs: readme_test.go
// checks that every Go block of the README stands, line for line, in one of
// this package's test files.
package readme
