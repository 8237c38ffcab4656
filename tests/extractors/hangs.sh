#!/bin/sh
# Never finishes; the sleep is a child of this shell, holding the pipes.
sleep 30
echo done
