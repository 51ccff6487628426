/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The signed-in fan as the cookie says; use `currentSession` before calling an API with it. */
    session: import('./lib/session/session.ts').FanSession | undefined;
  }
}
