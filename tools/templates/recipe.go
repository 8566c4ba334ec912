// The program of the recipe cookbook/{{name}}.md: replace it with the recipe's own.
package main

import "fmt"

func main() {
	// [main]
	fmt.Println("{{name}}: replace this program with the recipe's")
	// [/main]
}
