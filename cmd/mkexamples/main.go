// Command mkexamples writes the example inbox: spreadsheets and CSV files
// built in code (package fixture) from the tables of the seed reports.
//
//	go run ./cmd/mkexamples -out examples/inbox
//
// It writes nacka/, haninge/, sodertalje/, tyreso/ and placeringar/ under -out and
// prints the path of every file it wrote.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/socdw/socdw/internal/fixture"
)

func main() {
	out := flag.String("out", filepath.Join("examples", "inbox"), "directory to write the example files into")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "mkexamples:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	jobs := []struct {
		sub   string
		build func(dir string) (string, error)
	}{
		{"nacka", fixture.NackaEkonomiskTabell},
		{"haninge", fixture.HaningeAvdelningar},
		{"haninge", fixture.HaningePlaceringar},
		{"sodertalje", fixture.SodertaljePlaceringar},
		{"sodertalje", fixture.MonthsAsColumns},
		{"tyreso", fixture.TyresoIFO},
		// A case-system export with fictitious personnummer (valid check
		// digits, 98x/99x serials): pseudonymised with the demo key.
		{"placeringar", fixture.PlacementExportVariant},
	}
	for _, j := range jobs {
		path, err := j.build(filepath.Join(out, j.sub))
		if err != nil {
			return err
		}
		fmt.Println(path)
	}
	return nil
}
