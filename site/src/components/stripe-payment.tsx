import { useEffect, useRef, useState } from 'preact/hooks';

export interface StripePaymentProps {
  publishableKey: string;
  clientSecret: string;
  /** Where Stripe brings the fan back after any extra step (3-D Secure): the order's result page. */
  returnUrl: string;
  amount: string;
}

/** The small part of Stripe.js this page uses. */
interface StripeElement {
  mount(target: HTMLElement): void;
  destroy(): void;
}
interface StripeElements {
  create(type: 'payment', options?: Record<string, unknown>): StripeElement;
}
interface StripeClient {
  elements(options: { clientSecret: string; appearance?: Record<string, unknown> }): StripeElements;
  confirmPayment(options: {
    elements: StripeElements;
    confirmParams: { return_url: string };
  }): Promise<{ error?: { message?: string } }>;
}
declare global {
  interface Window {
    Stripe?: (key: string) => StripeClient;
  }
}

const stripeScript = 'https://js.stripe.com/v3/';

function loadStripe(): Promise<NonNullable<Window['Stripe']>> {
  if (window.Stripe) return Promise.resolve(window.Stripe);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = stripeScript;
    script.async = true;
    script.onload = () => (window.Stripe ? resolve(window.Stripe) : reject(new Error('Stripe.js did not load')));
    script.onerror = () => reject(new Error('Stripe.js did not load'));
    document.head.append(script);
  });
}

/**
 * Stripe's Payment Element: Stripe.js is loaded from Stripe (as its terms
 * require), the card never touches this site, and Stripe's webhook tells the
 * booking core the card was authorized.
 */
export function StripePayment({ publishableKey, clientSecret, returnUrl, amount }: StripePaymentProps) {
  const target = useRef<HTMLDivElement>(null);
  const [client, setClient] = useState<{ stripe: StripeClient; elements: StripeElements } | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let element: StripeElement | undefined;
    loadStripe()
      .then((Stripe) => {
        const stripe = Stripe(publishableKey);
        const elements = stripe.elements({ clientSecret, appearance: { theme: 'stripe' } });
        element = elements.create('payment');
        if (target.current) element.mount(target.current);
        setClient({ stripe, elements });
      })
      .catch(() => setProblem('The card form could not load. Please check your connection and reload.'));
    return () => element?.destroy();
  }, [publishableKey, clientSecret]);

  const pay = async (event: Event) => {
    event.preventDefault();
    if (!client) return;
    setBusy(true);
    setProblem(undefined);
    const { error } = await client.stripe.confirmPayment({
      elements: client.elements,
      confirmParams: { return_url: returnUrl },
    });
    // Only an error comes back here; success leaves for the result page.
    setBusy(false);
    setProblem(error?.message ?? 'The payment did not go through. You have not been charged.');
  };

  return (
    <form onSubmit={(event) => void pay(event)}>
      <div ref={target} class="stripe-element" />
      {problem && (
        <p class="notice" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" class="large" disabled={!client || busy}>
        Pay {amount}
      </button>
    </form>
  );
}
