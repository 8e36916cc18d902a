// Command socdw loads social services finance files into a DuckDB
// warehouse. See the README, or run socdw --help.
package main

import (
	"os"

	"github.com/socdw/socdw/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr)) }
