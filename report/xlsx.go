package report

import "fmt"

// WriteXLSX writes the committee pack.
func WriteXLSX(r *Report, path string) error { return fmt.Errorf("not yet") }
