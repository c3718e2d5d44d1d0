import { useState } from 'react';

/**
 * A button for something that cannot be undone: the first press asks, inline (a phone-friendly
 * question in the page rather than a browser dialog), and only the second one acts.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  disabled = false,
  ariaLabel,
  small = true,
}: {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  ariaLabel?: string;
  /** Small beside other row buttons; full size among a page's main controls. */
  small?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const size = small ? ' button-small' : '';
  if (!asking) {
    return (
      <button
        type="button"
        className={`button button-danger${size}`}
        disabled={disabled}
        aria-label={ariaLabel}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <span className="confirm">
      <span className="confirm-question">{question}</span>
      <button
        type="button"
        className={`button button-danger${size}`}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className={`button button-quiet${size}`} onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
