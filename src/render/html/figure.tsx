import { Picture, type PictureProps } from './picture.js';

interface FigureProps extends PictureProps {
  class: string;
  /** `full` shows caption and credit; `credit` only the credit (small cards). */
  caption: 'full' | 'credit';
}

export function Figure({ class: className, caption, ...picture }: FigureProps) {
  const { image } = picture;
  const text = caption === 'full' ? image.caption : null;
  return (
    <figure class={className}>
      <Picture {...picture} />
      {(text || image.credit) && (
        <figcaption>
          {text && <span class="caption">{text}</span>}
          {text && image.credit && ' '}
          {image.credit && <span class="credit">Photo: {image.credit}</span>}
        </figcaption>
      )}
    </figure>
  );
}
