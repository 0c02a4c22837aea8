/**
 * The one question of a screen (h1, 48px) and its help line. Every view starts with it, so the
 * question is always in the same place and the same size.
 */
export function StepHeading(props: { id: string; text: string; hint?: string | undefined }) {
  return (
    <header className="step-heading">
      <h1 id={props.id} className="question">
        {props.text}
      </h1>
      {props.hint !== undefined && <p className="step-hint">{props.hint}</p>}
    </header>
  );
}
