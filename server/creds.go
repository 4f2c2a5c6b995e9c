package main

import (
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
)

// insecureCreds are for the in-memory gateway connection, which never
// leaves the process.
func insecureCreds() credentials.TransportCredentials { return insecure.NewCredentials() }
