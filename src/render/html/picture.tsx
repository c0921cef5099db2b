import type { ImageView } from './view-model.js';

export interface PictureProps {
  image: ImageView;
  /** The `sizes` attribute: how wide the image is laid out. */
  sizes: string;
  /** `high` for the one image that is the page's largest paint; `lazy` for the rest. */
  loading: 'high' | 'lazy';
}

export function Picture({ image, sizes, loading }: PictureProps) {
  const jpeg = image.sources.find((source) => source.type === 'image/jpeg');
  const modern = image.sources.filter((source) => source.type !== 'image/jpeg');
  const hints = loading === 'high' ? ({ fetchpriority: 'high' } as const) : ({ loading: 'lazy', decoding: 'async' } as const);
  return (
    <picture>
      {modern.map((source) => (
        <source type={source.type} srcset={source.srcset} sizes={sizes} />
      ))}
      <img
        src={image.src}
        srcset={jpeg?.srcset}
        sizes={jpeg ? sizes : undefined}
        width={image.width}
        height={image.height}
        alt={image.alt}
        {...hints}
      />
    </picture>
  );
}
